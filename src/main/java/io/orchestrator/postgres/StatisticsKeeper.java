package io.orchestrator.postgres;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the planner's statistics of the hot tables fresh, so that the generic plans the connections
 * cache (DatabaseUrl: {@code plan_cache_mode = force_generic_plan}) are made for tables of about
 * their real size. Autovacuum analyses a table after 10 % of it changed, but looks only once a
 * minute: a database that grows from empty would keep, for that minute, plans made for empty tables
 * (sequential scans), which cost more the more it grows. Every {@link #INTERVAL_MS} this reads
 * PostgreSQL's own change counters and runs {@code ANALYZE} on each table with at least
 * {@link #MIN_CHANGES} changes, and as many changes as it has rows ({@link #FRACTION}), since its last
 * analysis: about each time it doubles, which is as precise as a generic plan needs (a fifth, tried
 * first, analysed a table growing from empty every few seconds, each time for tens of ms). An
 * analysis invalidates the cached plans that use the table, so they are made again with the new
 * figures. Cheap when nothing changed: one read of {@code pg_stat_user_tables}. Several coordinators
 * may each do it; a second analysis of the same table is harmless.
 */
final class StatisticsKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(StatisticsKeeper.class);
  static final long INTERVAL_MS = 2_000;
  static final long MIN_CHANGES = 1_000;
  static final double FRACTION = 1.0;
  private static final String[] TABLES = {"workflows", "jobs", "job_dependencies", "job_assignments", "workflow_events"};

  private static final String CHANGES = "SELECT relname, n_live_tup, n_mod_since_analyze FROM pg_stat_user_tables"
      + " WHERE schemaname = current_schema() AND relname = ANY($1)";
  private static final String OWNED = "SELECT count(*)::int AS n FROM pg_class c"
      + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1)"
      + " AND pg_has_role(current_user, c.relowner, 'USAGE')";

  private final Vertx vertx;
  private final Pool pool;
  private long timer = -1;
  private boolean checking;

  StatisticsKeeper(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Starts the periodic check when this user may analyse the tables (it owns them); says so when not. */
  Future<Void> start() {
    return pool.preparedQuery(OWNED).execute(Tuple.tuple().addValue(TABLES)).<Void>map(rows -> {
      int owned = rows.iterator().next().getInteger("n");
      if (owned < TABLES.length) {
        LOG.warn("The database user does not own the orchestrator's tables, so it cannot ANALYZE them while they"
            + " grow; until autovacuum does, plans may be made for tables smaller than they are");
        return null;
      }
      timer = vertx.setPeriodic(INTERVAL_MS, id -> check());
      return null;
    }).recover(e -> {
      // Not a reason to refuse to start: plans are then as good as autovacuum's statistics.
      LOG.warn("Could not check who owns the orchestrator's tables, so their statistics are left to autovacuum: {}",
          e.toString());
      return Future.succeededFuture();
    });
  }

  /** The tables analysed now (none when their statistics are fresh enough, or a check is running). */
  Future<List<String>> check() {
    if (checking) {
      return Future.succeededFuture(List.of());
    }
    checking = true;
    return pool.preparedQuery(CHANGES).execute(Tuple.tuple().addValue(TABLES))
        .compose(rows -> {
          List<String> stale = new ArrayList<>();
          for (Row row : rows) {
            if (isStale(row.getLong("n_live_tup"), row.getLong("n_mod_since_analyze"))) {
              stale.add(row.getString("relname"));
            }
          }
          return stale.isEmpty() ? Future.succeededFuture(stale)
              : pool.query("ANALYZE " + String.join(", ", stale)).execute().map(done -> stale);
        })
        .onComplete(ar -> {
          checking = false;
          if (ar.failed()) {
            LOG.warn("Refreshing the planner's statistics failed (tried again in {} ms): {}", INTERVAL_MS,
                ar.cause().toString());
          } else if (!ar.result().isEmpty()) {
            LOG.debug("Analysed {}", ar.result());
          }
        });
  }

  static boolean isStale(long liveRows, long changedSinceAnalysis) {
    return changedSinceAnalysis >= MIN_CHANGES && changedSinceAnalysis >= FRACTION * liveRows;
  }

  Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return Future.succeededFuture();
  }
}
