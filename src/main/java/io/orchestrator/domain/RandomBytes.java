package io.orchestrator.domain;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;

/**
 * Cryptographically strong random bytes for ids. Where the kernel offers {@code /dev/urandom} it is
 * read directly: Java's default {@link SecureRandom} on Linux reads the same device and then mixes
 * every byte with a SHA-1 generator of its own, which was most of what making an id cost (~1.7 % of
 * the coordinator's CPU in memory W1, docs/performance.md, ninth round). Elsewhere,
 * {@link SecureRandom}. Reading {@code /dev/urandom} never blocks once the system has booted.
 */
abstract class RandomBytes {
  abstract void fill(byte[] bytes);

  static RandomBytes system() {
    try {
      InputStream device = new FileInputStream("/dev/urandom");
      return new Device(device);
    } catch (IOException | SecurityException e) {
      return new Generator(new SecureRandom());
    }
  }

  /** Reads a random device. */
  static final class Device extends RandomBytes {
    private final InputStream device;

    Device(InputStream device) {
      this.device = device;
    }

    @Override
    void fill(byte[] bytes) {
      try {
        int filled = 0;
        while (filled < bytes.length) {
          int read = device.read(bytes, filled, bytes.length - filled);
          if (read < 0) {
            throw new IOException("the random device ended");
          }
          filled += read;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading random bytes failed", e);
      }
    }
  }

  /** Draws from a {@link SecureRandom}. */
  static final class Generator extends RandomBytes {
    private final SecureRandom random;

    Generator(SecureRandom random) {
      this.random = random;
    }

    @Override
    void fill(byte[] bytes) {
      random.nextBytes(bytes);
    }
  }
}
