package io.orchestrator.coordinator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Hands JSON messages between this process's verticles without copying them (the default codec
 * copies every JsonObject it delivers locally). Senders build a fresh object per message and never
 * touch it after sending, which is what makes sharing safe. Only for local delivery.
 */
public final class LocalJson implements MessageCodec<JsonObject, JsonObject> {
  public static final String NAME = "orchestrator-local-json";
  /** Delivery options for hot-path messages (assignments, reports and their results). */
  public static final DeliveryOptions DELIVERY = new DeliveryOptions().setCodecName(NAME).setLocalOnly(true);

  /** Registers this process's local codecs (this one and {@link WorkerReports}'s) on this Vertx once. */
  public static void register(Vertx vertx) {
    registerOnce(vertx, new LocalJson());
    WorkerReports.register(vertx);
  }

  static void registerOnce(Vertx vertx, MessageCodec<?, ?> codec) {
    synchronized (LocalJson.class) {
      try {
        vertx.eventBus().registerCodec(codec);
      } catch (IllegalStateException alreadyRegistered) {
        // a second coordinator on the same Vertx (tests): one registration serves both
      }
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
