package io.orchestrator.coordinator;

import io.orchestrator.ports.Report;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;

/**
 * The reports of one worker frame, on their way from the worker's session to the scheduler
 * ({@link Addresses#REPORTS}): read once, into reports, by the session, and handed over as they
 * are. Local delivery only: there is no wire form.
 */
public record WorkerReports(String workerId, List<Report> reports) {
  private static final String CODEC = "orchestrator-worker-reports";
  /** Delivery options for a request of reports (a 10-minute timeout: a store outage is waited out). */
  public static final DeliveryOptions DELIVERY =
      new DeliveryOptions().setCodecName(CODEC).setLocalOnly(true).setSendTimeout(600_000);

  /** Registers the codec on this Vertx once. */
  static void register(Vertx vertx) {
    LocalJson.registerOnce(vertx, new Codec());
  }

  private static final class Codec implements MessageCodec<WorkerReports, WorkerReports> {
    @Override
    public void encodeToWire(Buffer buffer, WorkerReports reports) {
      throw new UnsupportedOperationException("worker reports are delivered in this process only");
    }

    @Override
    public WorkerReports decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("worker reports are delivered in this process only");
    }

    @Override
    public WorkerReports transform(WorkerReports reports) {
      return reports;
    }

    @Override
    public String name() {
      return CODEC;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
