package io.orchestrator.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.orchestrator.ports.Submission;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The body of a batch submission's answer, {@code {"items": [...]}}: each workflow as in
 * {@code Workflow.toJson(false)} plus {@code created}, written straight to bytes. Built as maps and
 * then encoded, the answer to a batch of 500 was a fifth of what a coordinator allocated while
 * workflows were submitted (docs/performance.md, seventh round).
 */
final class BatchAnswer {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int BYTES_EACH = 260;

  private BatchAnswer() {}

  static Buffer of(List<Submission> submissions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + BYTES_EACH * submissions.size());
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
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
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return Buffer.buffer(bytes.toByteArray());
  }
}
