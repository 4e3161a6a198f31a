package io.orchestrator.memory;

import io.orchestrator.domain.AuditEvent;
import io.orchestrator.domain.JobState;
import io.orchestrator.domain.WorkflowState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One workflow's audit trail, kept packed: two arrays for the whole trail instead of an
 * {@link AuditEvent} per transition. The memory store keeps every workflow's trail (up to its
 * retention), and each young collection copies what was kept since the last one: the events were
 * a third of the objects and of the bytes a finished job kept (docs/performance.md, eleventh
 * round). What the store knows anyway is not stored again: the workflow's id, the job's id (its
 * position in the workflow instead) and the coordinator's id. {@link #events} gives the events back
 * as they were added.
 *
 * <p>Per event: {@code words[2i]} holds the sequence number (low {@value #SEQ_BITS} bits) and the
 * kind, from and to states as small codes (high bits); {@code words[2i + 1]} the job's position + 1
 * (high 32 bits, 0 for the workflow's own event) and the attempt + 1 (low 32 bits, 0 for none).
 * {@code refs[2i]} is the time (the store shares one {@link Instant} per change, so this costs no
 * object of its own), {@code refs[2i + 1]} the worker's id, or an {@link Extra} when the event has
 * details.
 */
final class AuditTrail {
  private static final String[] KINDS = {AuditEvent.WORKFLOW_STATE, AuditEvent.JOB_STATE, AuditEvent.REPORT_REJECTED};
  /** Every state name of jobs and workflows, once each: their codes are index + 1 (0 is none). */
  private static final String[] STATES = stateNames();
  static final int SEQ_BITS = 52;
  private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
  private static final int STATE_BITS = 4;

  private record Extra(String workerId, JsonObject details) {}

  private long[] words;
  private Object[] refs;
  private int size;

  AuditTrail(int expectedEvents) {
    int capacity = Math.max(2, expectedEvents);
    words = new long[2 * capacity];
    refs = new Object[2 * capacity];
  }

  int size() {
    return size;
  }

  /** Keeps {@code event}, whose job (null for the workflow's own event) is at {@code jobPosition}. */
  void add(AuditEvent event, int jobPosition) {
    if (event.seq() < 0 || event.seq() > SEQ_MASK) {
      throw new IllegalArgumentException("audit sequence number out of range: " + event.seq());
    }
    if (2 * size == words.length) {
      int capacity = size + Math.max(2, size >> 1);
      words = Arrays.copyOf(words, 2 * capacity);
      refs = Arrays.copyOf(refs, 2 * capacity);
    }
    long codes = kindCode(event.kind()) | (long) stateCode(event.fromState()) << 2
        | (long) stateCode(event.toState()) << (2 + STATE_BITS);
    int i = 2 * size;
    words[i] = event.seq() | codes << SEQ_BITS;
    long job = event.jobId() == null ? 0 : jobPosition + 1L;
    long attempt = event.attempt() == null ? 0 : event.attempt() + 1L;
    words[i + 1] = job << 32 | attempt;
    refs[i] = event.at();
    refs[i + 1] = event.details() == null ? event.workerId() : new Extra(event.workerId(), event.details().copy());
    size++;
  }

  /** The events of {@code workflow}, oldest first, as they were added (details copied). */
  List<AuditEvent> events(MemoryWorkflow workflow, String coordinatorId) {
    List<AuditEvent> events = new ArrayList<>(size);
    for (int n = 0; n < size; n++) {
      int i = 2 * n;
      long codes = words[i] >>> SEQ_BITS;
      long job = words[i + 1] >>> 32;
      long attempt = words[i + 1] & 0xFFFF_FFFFL;
      UUID jobId = job == 0 ? null : workflow.jobs.get((int) (job - 1)).id;
      String workerId;
      JsonObject details = null;
      if (refs[i + 1] instanceof Extra extra) {
        workerId = extra.workerId();
        details = extra.details().copy();
      } else {
        workerId = (String) refs[i + 1];
      }
      events.add(new AuditEvent(words[i] & SEQ_MASK, workflow.id, jobId, KINDS[(int) (codes & 3)],
          name(codes >>> 2), name(codes >>> (2 + STATE_BITS)), attempt == 0 ? null : (int) (attempt - 1), workerId,
          coordinatorId, (Instant) refs[i], details));
    }
    return events;
  }

  private static String name(long code) {
    int c = (int) (code & ((1 << STATE_BITS) - 1));
    return c == 0 ? null : STATES[c - 1];
  }

  private static int kindCode(String kind) {
    for (int k = 0; k < KINDS.length; k++) {
      if (KINDS[k].equals(kind)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown audit kind: " + kind);
  }

  /** 0 for none, else the name's index in {@link #STATES} + 1. */
  private static int stateCode(String state) {
    if (state == null) {
      return 0;
    }
    for (int s = 0; s < STATES.length; s++) {
      if (STATES[s].equals(state)) {
        return s + 1;
      }
    }
    throw new IllegalArgumentException("unknown state in an audit event: " + state);
  }

  private static String[] stateNames() {
    Set<String> names = new LinkedHashSet<>();
    for (JobState state : JobState.values()) {
      names.add(state.name());
    }
    for (WorkflowState state : WorkflowState.values()) {
      names.add(state.name());
    }
    if (names.size() >= 1 << STATE_BITS) {
      throw new ExceptionInInitializerError("too many state names for " + STATE_BITS + " bits: " + names);
    }
    return names.toArray(String[]::new);
  }
}
