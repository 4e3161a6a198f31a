package io.orchestrator.ports;

import java.util.List;

/** The results of a batch of reports, in the order given, and the effects of those applied. */
public record ReportBatch(List<ReportResult> results, Effects effects) {}
