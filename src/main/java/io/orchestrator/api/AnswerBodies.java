package io.orchestrator.api;

import io.orchestrator.domain.Workflow;
import io.orchestrator.ports.JsonBytes;
import io.orchestrator.ports.Submission;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The bodies of the answers that carry many workflows or jobs, written straight to bytes with a
 * JSON generator: the same JSON as the records' {@code toJson}, without a map per workflow and per
 * job. Built as maps and then encoded, the answer to a batch of 500 was a fifth of what a
 * coordinator allocated while workflows were submitted, and the answer to one workflow of 20,000
 * jobs twice the size of the request (docs/performance.md, seventh round).
 */
final class AnswerBodies {
  private AnswerBodies() {}

  /** {@code {"items": [...]}}: each workflow as {@code toJson(false)} plus {@code created}. */
  static Buffer batch(List<Submission> submissions) {
    return JsonBytes.write(16 + 260 * submissions.size(), out -> {
      out.writeStartObject();
      out.writeArrayFieldStart("items");
      for (Submission submission : submissions) {
        out.writeStartObject();
        submission.workflow().writeSummaryFields(out);
        out.writeBooleanField("created", submission.created());
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    });
  }

  /** The workflow as {@code toJson(true)}: with its jobs. */
  static Buffer workflow(Workflow workflow) {
    return JsonBytes.write(260 + 520 * workflow.jobs().size(), out -> workflow.writeJson(out, true));
  }
}
