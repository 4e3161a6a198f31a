package io.orchestrator.postgres;

import io.orchestrator.domain.Decider;
import io.orchestrator.domain.Ids;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Submission;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores a workflow with its jobs, dependency edges and audit rows in one transaction of four
 * statements (the last three pipelined). A repeated idempotency key writes nothing.
 */
final class PgSubmit {
  private static final String INSERT_WORKFLOW = "INSERT INTO workflows "
      + "(id, name, state, priority, labels, idempotency_key, created_at, started_at) "
      + "VALUES ($1, $2, 'RUNNING', $3, $4, $5, $6, $6) "
      + "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id";

  private static final String INSERT_JOBS = "INSERT INTO jobs (id, workflow_id, position, name, type, state, "
      + "pending_deps, depends_on, queue, priority, payload, retry, timeout_ms, created_at, queued_at) "
      + "SELECT u.id, $1::uuid, u.pos, u.name, u.type, u.state, u.pending, "
      + "ARRAY(SELECT jsonb_array_elements_text(u.deps::jsonb)), u.queue, u.priority, u.payload::jsonb, "
      + "u.retry::jsonb, u.timeout_ms, $2::timestamptz, CASE WHEN u.state = 'QUEUED' THEN $2::timestamptz END "
      + "FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], "
      + "$10::text[], $11::int[], $12::text[], $13::text[], $14::int8[]) "
      + "AS u(id, pos, name, type, state, pending, deps, queue, priority, payload, retry, timeout_ms)";

  private static final String INSERT_EDGES = "INSERT INTO job_dependencies (job_id, depends_on_job_id) "
      + "SELECT * FROM unnest($1::uuid[], $2::uuid[])";

  private final Transactions tx;
  private final PgQueries queries;
  private final String coordinatorId;

  PgSubmit(Transactions tx, PgQueries queries, String coordinatorId) {
    this.tx = tx;
    this.queries = queries;
    this.coordinatorId = coordinatorId;
  }

  Future<Submission> submit(WorkflowSpec spec, String idempotencyKey, Instant now) {
    Instant at = Rows.micros(now);
    Workflow workflow = plan(spec, idempotencyKey, at);
    return tx.run("submit", connection -> insert(connection, workflow, at))
        .compose(effects -> {
          if (effects != null) {
            return Future.succeededFuture(new Submission(workflow, true, effects));
          }
          return queries.workflowByKey(idempotencyKey).map(existing -> new Submission(existing, false, new Effects()));
        });
  }

  /** The workflow as it will be stored: ids in spec order, roots QUEUED, others BLOCKED. */
  private static Workflow plan(WorkflowSpec spec, String key, Instant at) {
    UUID workflowId = Ids.next();
    List<Job> jobs = new ArrayList<>();
    for (JobSpec js : spec.jobs()) {
      JobState state = Decider.initialState(js.dependsOn().size());
      jobs.add(new Job(Ids.next(), workflowId, js.name(), js.type(), state, 0, 0, List.copyOf(js.dependsOn()),
          js.queue(), js.priority(), js.payload(), js.retry(), js.timeoutMs(), null, null, null, at,
          state == JobState.QUEUED ? at : null, null, null, null));
    }
    JsonObject labels = spec.labels() == null ? new JsonObject() : spec.labels();
    return new Workflow(workflowId, spec.name(), WorkflowState.RUNNING, spec.priority(), labels, key, at, at,
        null, List.copyOf(jobs));
  }

  /** Null when the idempotency key already exists (nothing written). */
  private Future<Effects> insert(SqlConnection connection, Workflow wf, Instant at) {
    Tuple workflowArgs = Tuple.tuple().addValue(wf.id()).addValue(wf.name()).addValue(wf.priority())
        .addValue(wf.labels()).addValue(wf.idempotencyKey()).addValue(Rows.ts(at));
    return connection.preparedQuery(INSERT_WORKFLOW).execute(workflowArgs).compose(inserted -> {
      if (inserted.rowCount() == 0) {
        return Future.succeededFuture(null);
      }
      AuditRows audit = new AuditRows(coordinatorId, at);
      audit.workflow(wf.id(), null, WorkflowState.RUNNING.name());
      wf.jobs().forEach(job -> audit.job(wf.id(), job.id(), null, job.state().name(), 0, null));
      // Pipelined on the one connection: sent together, executed in order.
      Future<?> jobs = connection.preparedQuery(INSERT_JOBS).execute(jobArgs(wf, at));
      Future<?> edges = insertEdges(connection, wf);
      Future<List<io.orchestrator.domain.AuditEvent>> events = audit.write(connection);
      return Future.all(jobs, edges, events).map(done -> effects(wf, events.result()));
    });
  }

  private static Tuple jobArgs(Workflow wf, Instant at) {
    int n = wf.jobs().size();
    UUID[] ids = new UUID[n];
    Integer[] positions = new Integer[n];
    String[] names = new String[n];
    String[] types = new String[n];
    String[] states = new String[n];
    Integer[] pending = new Integer[n];
    String[] deps = new String[n];
    String[] queues = new String[n];
    Integer[] priorities = new Integer[n];
    String[] payloads = new String[n];
    String[] retries = new String[n];
    Long[] timeouts = new Long[n];
    for (int i = 0; i < n; i++) {
      Job job = wf.jobs().get(i);
      ids[i] = job.id();
      positions[i] = i;
      names[i] = job.name();
      types[i] = job.type();
      states[i] = job.state().name();
      pending[i] = job.dependsOn().size();
      deps[i] = new JsonArray(job.dependsOn()).encode();
      queues[i] = job.queue();
      priorities[i] = job.priority();
      payloads[i] = Rows.json(job.payload());
      retries[i] = job.retry().toJson().encode();
      timeouts[i] = job.timeoutMs();
    }
    return Tuple.tuple().addValue(wf.id()).addValue(Rows.ts(at)).addValue(ids).addValue(positions)
        .addValue(names).addValue(types).addValue(states).addValue(pending).addValue(deps).addValue(queues)
        .addValue(priorities).addValue(payloads).addValue(retries).addValue(timeouts);
  }

  private static Future<?> insertEdges(SqlConnection connection, Workflow wf) {
    Map<String, UUID> idByName = new HashMap<>();
    wf.jobs().forEach(job -> idByName.put(job.name(), job.id()));
    List<UUID> from = new ArrayList<>();
    List<UUID> to = new ArrayList<>();
    for (Job job : wf.jobs()) {
      for (String dep : job.dependsOn()) {
        UUID upstream = idByName.get(dep);
        if (upstream == null) {
          return Future.failedFuture(new IllegalArgumentException(
              "job '" + job.name() + "' depends on unknown job '" + dep + "'"));
        }
        from.add(job.id());
        to.add(upstream);
      }
    }
    if (from.isEmpty()) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(INSERT_EDGES)
        .execute(Tuple.tuple().addValue(from.toArray(new UUID[0])).addValue(to.toArray(new UUID[0])));
  }

  private static Effects effects(Workflow wf, List<io.orchestrator.domain.AuditEvent> events) {
    Effects effects = new Effects();
    for (Job job : wf.jobs()) {
      if (job.state() == JobState.QUEUED) {
        effects.ready.add(new QueuedJob(job.id(), wf.id(), job.queue(), job.type(), wf.priority(), job.priority()));
      }
    }
    events.forEach(event -> effects.changes.add(event.toJson()));
    return effects;
  }
}
