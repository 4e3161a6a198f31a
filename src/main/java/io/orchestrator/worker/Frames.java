package io.orchestrator.worker;

import io.netty.buffer.ByteBuf;
import io.orchestrator.domain.JsonBytes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.List;

/** A frame carries one message object or an array of them (batching), both ways; this writes the worker's. */
final class Frames {
  /** Bounds of one sent batch, so a frame stays well under the coordinator's message limit. */
  static final int MAX_BATCH = 100;
  static final int MAX_BATCH_BYTES = 256 * 1024;

  private Frames() {
  }

  /**
   * Splits messages into frames: a single message as an object, several as an array of at most
   * {@link #MAX_BATCH} messages and {@link #MAX_BATCH_BYTES} bytes (a message larger than that
   * travels alone). Each message's bytes ({@link Outgoing}, written once) are copied into its frame's
   * buffer: a string per message, joined, then encoded again, was a fifth of a worker's CPU per job
   * (docs/performance.md, eighth round).
   */
  static List<Buffer> encode(List<Outgoing> messages) {
    if (messages.size() == 1) {
      return List.of(Buffer.buffer(messages.get(0).json()));
    }
    List<Buffer> frames = new ArrayList<>();
    ArrayFrame frame = new ArrayFrame();
    for (Outgoing message : messages) {
      if (frame.count == MAX_BATCH) {
        frames.add(frame.finish());
        frame = new ArrayFrame();
      }
      int start = frame.bytes.writerIndex();
      frame.append(message);
      if (frame.count > 1 && frame.bytes.writerIndex() > MAX_BATCH_BYTES) {
        // Over the size: this message opens the next frame instead (copied there, past its comma).
        ArrayFrame next = new ArrayFrame();
        next.bytes.writeBytes(frame.bytes, start + 1, frame.bytes.writerIndex() - start - 1);
        next.count = 1;
        frame.bytes.writerIndex(start);
        frame.count--;
        frames.add(frame.finish());
        frame = next;
      }
    }
    frames.add(frame.finish());
    return frames;
  }

  /** An array frame being written: '[', messages separated by ',', then ']'. */
  private static final class ArrayFrame {
    final ByteBuf bytes = JsonBytes.heapBuffer(1024);
    int count;

    ArrayFrame() {
      bytes.writeByte('[');
    }

    void append(Outgoing message) {
      if (count > 0) {
        bytes.writeByte(',');
      }
      bytes.writeBytes(message.json());
      count++;
    }

    Buffer finish() {
      bytes.writeByte(']');
      return BufferInternal.buffer(bytes);
    }
  }
}
