package io.orchestrator.api;

import com.fasterxml.jackson.core.io.SerializedString;
import io.orchestrator.domain.Job;
import io.orchestrator.domain.JsonBytes;
import io.orchestrator.domain.Workflow;
import io.orchestrator.ports.Page;
import io.orchestrator.ports.Submission;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The bodies of the answers that carry workflows or jobs, written straight to bytes with the
 * records' own {@code writeJson}, without a map per workflow and per job. Built as maps and then
 * encoded, the answer to a batch of 500 was a fifth of what a
 * coordinator allocated while workflows were submitted, and the answer to one workflow of 20,000
 * jobs twice the size of the request (docs/performance.md, seventh round).
 */
final class AnswerBodies {
  private static final SerializedString CREATED = new SerializedString("created");

  private AnswerBodies() {}

  /** {@code {"items": [...]}}: each workflow without its jobs, plus {@code created}. */
  static Buffer batch(List<Submission> submissions) {
    return JsonBytes.write(16 + 260 * submissions.size(), out -> {
      out.writeStartObject();
      out.writeArrayFieldStart("items");
      for (Submission submission : submissions) {
        out.writeStartObject();
        submission.workflow().writeSummaryFields(out);
        out.writeFieldName(CREATED);
        out.writeBoolean(submission.created());
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    });
  }

  /** A page of workflows without their jobs: {@code {"items": [...], "next_cursor": ...}}. */
  static Buffer page(Page<Workflow> page) {
    return JsonBytes.write(32 + 260 * page.items().size(), out -> {
      out.writeStartObject();
      out.writeArrayFieldStart("items");
      for (Workflow workflow : page.items()) {
        workflow.writeJson(out, false);
      }
      out.writeEndArray();
      out.writeStringField("next_cursor", page.nextCursor());
      out.writeEndObject();
    });
  }

  /** One job. */
  static Buffer job(Job job) {
    return JsonBytes.write(520, job::writeJson);
  }

  /** The workflow with its jobs. */
  static Buffer workflow(Workflow workflow) {
    return JsonBytes.write(260 + 520 * workflow.jobs().size(), out -> workflow.writeJson(out, true));
  }
}
