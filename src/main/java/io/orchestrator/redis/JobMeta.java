package io.orchestrator.redis;

import io.orchestrator.ports.QueuedJob;
import java.util.UUID;

/**
 * The compact text a queued job keeps beside its id: "workflowPriority|jobPriority|workflowId|type".
 * The type goes last so that it may itself contain '|'; the claim script reads it with the
 * pattern {@code ^[^|]*|[^|]*|[^|]*|(.*)$}.
 */
final class JobMeta {
  private JobMeta() {}

  static String format(QueuedJob job) {
    return job.workflowPriority() + "|" + job.jobPriority() + "|" + job.workflowId() + "|" + job.type();
  }

  static QueuedJob parse(UUID jobId, String queue, String meta) {
    String[] parts = meta.split("\\|", 4);
    if (parts.length != 4) {
      throw new IllegalStateException("Malformed job meta for " + jobId + ": " + meta);
    }
    return new QueuedJob(jobId, UUID.fromString(parts[2]), queue, parts[3],
        Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }
}
