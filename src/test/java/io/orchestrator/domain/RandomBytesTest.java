package io.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomBytesTest {
  @Test
  void theSystemSourceFillsEveryByte() {
    RandomBytes random = RandomBytes.system();
    byte[] first = new byte[4096];
    byte[] second = new byte[4096];
    random.fill(first);
    random.fill(second);
    assertThat(first).isNotEqualTo(second);
    assertThat(first).isNotEqualTo(new byte[4096]);
  }

  @Test
  void aDeviceIsReadUntilTheArrayIsFullAndItsEndIsAnError() {
    byte[] source = new byte[10];
    Arrays.fill(source, (byte) 7);
    InputStream oneByteAtATime = new ByteArrayInputStream(source) {
      @Override
      public synchronized int read(byte[] to, int off, int len) {
        return super.read(to, off, Math.min(1, len));
      }
    };
    RandomBytes device = new RandomBytes.Device(oneByteAtATime);
    byte[] bytes = new byte[6];
    device.fill(bytes);
    assertThat(bytes).containsOnly((byte) 7);

    assertThatThrownBy(() -> device.fill(new byte[6])).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("random bytes");
  }
}
