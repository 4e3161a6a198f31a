package io.orchestrator.postgres;

import io.orchestrator.ports.WorkerRecord;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The worker registry (table {@code workers}); removal is a mark, so analytics keep the worker's capacity. */
final class PgWorkers {
  private static final String UPSERT = "INSERT INTO workers (id, name, queues, types, concurrency, coordinator_id,"
      + " connected_at, last_heartbeat, removed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)"
      + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, queues = EXCLUDED.queues, types = EXCLUDED.types,"
      + " concurrency = EXCLUDED.concurrency, coordinator_id = EXCLUDED.coordinator_id,"
      + " connected_at = EXCLUDED.connected_at, last_heartbeat = EXCLUDED.last_heartbeat, removed_at = NULL";

  private static final String LIST = "SELECT w.id, w.name, w.queues, w.types, w.concurrency, w.coordinator_id,"
      + " w.connected_at, w.last_heartbeat,"
      + " ARRAY(SELECT j.id::text FROM jobs j WHERE j.state = 'RUNNING' AND j.worker_id = w.id ORDER BY j.id) AS running"
      + " FROM workers w WHERE w.removed_at IS NULL ORDER BY w.connected_at, w.id";

  private static final String REMOVE = "UPDATE workers SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL";

  private final Transactions tx;

  PgWorkers(Transactions tx) {
    this.tx = tx;
  }

  Future<Void> save(WorkerRecord worker) {
    Tuple args = Tuple.tuple().addValue(worker.id()).addValue(worker.name())
        .addValue(worker.queues().toArray(new String[0])).addValue(worker.types().toArray(new String[0]))
        .addValue(worker.concurrency()).addValue(worker.coordinatorId()).addValue(Rows.ts(worker.connectedAt()))
        .addValue(Rows.ts(worker.lastHeartbeat()));
    return tx.single("saveWorker", pool -> pool.preparedQuery(UPSERT).execute(args)).mapEmpty();
  }

  Future<List<WorkerRecord>> list() {
    return tx.single("workers", pool -> pool.query(LIST).execute()).map(rows -> PgQueries.list(rows, row ->
        new WorkerRecord(row.getString("id"), row.getString("name"), strings(row.getArrayOfStrings("queues")),
            strings(row.getArrayOfStrings("types")), row.getInteger("concurrency"), row.getString("coordinator_id"),
            Rows.instant(row, "connected_at"), Rows.instant(row, "last_heartbeat"),
            strings(row.getArrayOfStrings("running")))));
  }

  Future<Void> remove(String workerId, Instant now) {
    return tx.single("removeWorker", pool -> pool.preparedQuery(REMOVE).execute(Tuple.of(workerId, Rows.ts(now))))
        .mapEmpty();
  }

  private static List<String> strings(String[] values) {
    return values == null ? List.of() : List.copyOf(Arrays.asList(values));
  }
}
