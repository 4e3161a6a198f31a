package io.orchestrator.postgres;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.Decider;
import io.orchestrator.domain.Ids;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JsonBytes;
import io.orchestrator.domain.JobSpec;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.Workflow;
import io.orchestrator.domain.WorkflowSpec;
import io.orchestrator.domain.WorkflowState;
import io.orchestrator.ports.Effects;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.Submission;
import io.orchestrator.ports.SubmitRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores workflows with their jobs, dependency edges and audit rows in one transaction of four
 * statements, whatever their number (the last three pipelined). A repeated idempotency key writes
 * nothing for that workflow.
 */
final class PgSubmit {
  private static final String INSERT_WORKFLOWS = "INSERT INTO workflows "
      + "(id, name, state, priority, labels, idempotency_key, created_at, started_at) "
      + "SELECT u.id, u.name, 'RUNNING', u.priority, u.labels::jsonb, u.key, $6::timestamptz, $6::timestamptz "
      + "FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[]) AS u(id, name, priority, labels, key) "
      + "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id";

  private static final String INSERT_JOBS = "INSERT INTO jobs (id, workflow_id, position, name, type, state, "
      + "pending_deps, depends_on, queue, priority, payload, retry, timeout_ms, created_at, queued_at) "
      + "SELECT u.id, u.workflow_id, u.pos, u.name, u.type, u.state, u.pending, "
      + "ARRAY(SELECT jsonb_array_elements_text(u.deps::jsonb)), u.queue, u.priority, u.payload::jsonb, "
      + "u.retry::jsonb, u.timeout_ms, $1::timestamptz, CASE WHEN u.state = 'QUEUED' THEN $1::timestamptz END "
      + "FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], "
      + "$10::text[], $11::int[], $12::text[], $13::text[], $14::int8[]) "
      + "AS u(id, workflow_id, pos, name, type, state, pending, deps, queue, priority, payload, retry, timeout_ms)";

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

  Future<List<Submission>> submitAll(List<SubmitRequest> requests, Instant now) {
    Instant at = Rows.micros(now);
    List<Workflow> planned = new ArrayList<>(requests.size());
    requests.forEach(request -> planned.add(plan(request.spec(), request.idempotencyKey(), at)));
    return tx.run("submit", connection -> insert(connection, planned, at)).compose(created -> {
      List<Future<Submission>> answers = new ArrayList<>(planned.size());
      for (Workflow workflow : planned) {
        Effects effects = created.get(workflow.id());
        answers.add(effects != null
            ? Future.succeededFuture(new Submission(workflow, true, effects))
            : queries.workflowByKey(workflow.idempotencyKey()).map(existing -> new Submission(existing, false, new Effects())));
      }
      return Future.all(answers).map(all -> {
        List<Submission> out = new ArrayList<>(answers.size());
        answers.forEach(answer -> out.add(answer.result()));
        return out;
      });
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

  /** The effects of each workflow created, by id; a workflow whose idempotency key exists is absent. */
  private Future<Map<UUID, Effects>> insert(SqlConnection connection, List<Workflow> planned, Instant at) {
    int n = planned.size();
    UUID[] ids = new UUID[n];
    String[] names = new String[n];
    Integer[] priorities = new Integer[n];
    String[] labels = new String[n];
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      Workflow wf = planned.get(i);
      ids[i] = wf.id();
      names[i] = wf.name();
      priorities[i] = wf.priority();
      labels[i] = wf.labels().encode();
      keys[i] = wf.idempotencyKey();
    }
    Tuple workflowArgs = Tuple.tuple().addValue(ids).addValue(names).addValue(priorities).addValue(labels)
        .addValue(keys).addValue(Rows.ts(at));
    return connection.preparedQuery(INSERT_WORKFLOWS).execute(workflowArgs).compose(inserted -> {
      Set<UUID> createdIds = new HashSet<>();
      inserted.forEach(row -> createdIds.add(row.getUUID("id")));
      List<Workflow> created = new ArrayList<>(createdIds.size());
      planned.forEach(wf -> {
        if (createdIds.contains(wf.id())) {
          created.add(wf);
        }
      });
      if (created.isEmpty()) {
        return Future.succeededFuture(Map.of());
      }
      AuditRows audit = new AuditRows(coordinatorId, at);
      for (Workflow wf : created) {
        audit.workflow(wf.id(), null, WorkflowState.RUNNING.name());
        wf.jobs().forEach(job -> audit.job(wf.id(), job.id(), null, job.state().name(), 0, null));
      }
      // Pipelined on the one connection: sent together, executed in order.
      Future<?> jobs = connection.preparedQuery(INSERT_JOBS).execute(jobArgs(created, at));
      Future<?> edges = insertEdges(connection, created);
      Future<List<AuditEvent>> events = audit.write(connection);
      return Future.all(jobs, edges, events).map(done -> effects(created, events.result()));
    });
  }

  private static Tuple jobArgs(List<Workflow> workflows, Instant at) {
    int n = 0;
    for (Workflow wf : workflows) {
      n += wf.jobs().size();
    }
    UUID[] ids = new UUID[n];
    UUID[] workflowIds = new UUID[n];
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
    int i = 0;
    for (Workflow wf : workflows) {
      for (int position = 0; position < wf.jobs().size(); position++, i++) {
        Job job = wf.jobs().get(position);
        ids[i] = job.id();
        workflowIds[i] = wf.id();
        positions[i] = position;
        names[i] = job.name();
        types[i] = job.type();
        states[i] = job.state().name();
        pending[i] = job.dependsOn().size();
        deps[i] = new JsonArray(job.dependsOn()).encode();
        queues[i] = job.queue();
        priorities[i] = job.priority();
        payloads[i] = Rows.json(job.payload());
        retries[i] = JsonBytes.text(job.retry()::writeJson);
        timeouts[i] = job.timeoutMs();
      }
    }
    return Tuple.tuple().addValue(Rows.ts(at)).addValue(ids).addValue(workflowIds).addValue(positions)
        .addValue(names).addValue(types).addValue(states).addValue(pending).addValue(deps).addValue(queues)
        .addValue(priorities).addValue(payloads).addValue(retries).addValue(timeouts);
  }

  private static Future<?> insertEdges(SqlConnection connection, List<Workflow> workflows) {
    List<UUID> from = new ArrayList<>();
    List<UUID> to = new ArrayList<>();
    for (Workflow wf : workflows) {
      Map<String, UUID> idByName = new HashMap<>();
      wf.jobs().forEach(job -> idByName.put(job.name(), job.id()));
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
    }
    if (from.isEmpty()) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(INSERT_EDGES)
        .execute(Tuple.tuple().addValue(from.toArray(new UUID[0])).addValue(to.toArray(new UUID[0])));
  }

  /** Per workflow: its QUEUED roots to enqueue and its audit rows for the live feed. */
  private static Map<UUID, Effects> effects(List<Workflow> workflows, List<AuditEvent> events) {
    Map<UUID, Effects> byWorkflow = new HashMap<>();
    for (Workflow wf : workflows) {
      Effects effects = new Effects();
      for (Job job : wf.jobs()) {
        if (job.state() == JobState.QUEUED) {
          effects.ready.add(new QueuedJob(job.id(), wf.id(), job.queue(), job.type(), wf.priority(), job.priority()));
        }
      }
      byWorkflow.put(wf.id(), effects);
    }
    events.forEach(event -> byWorkflow.get(event.workflowId()).changes.add(event));
    return byWorkflow;
  }
}
