package io.orchestrator.coordinator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orchestrator.ports.Effects;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The coordinator's Prometheus meters: workflow and job counters, queue depth, connected workers. */
public final class CoordinatorMetrics {
  private final PrometheusMeterRegistry registry;
  private final Counter submitted;
  private final Map<String, Counter> workflowsFinished = new ConcurrentHashMap<>();
  private final Map<String, Counter> jobReports = new ConcurrentHashMap<>();
  private final Counter jobsStarted;
  private final Counter reportsRejected;
  private final Map<String, AtomicLong> queueDepths = new ConcurrentHashMap<>();
  private final AtomicLong workersConnected = new AtomicLong();

  public CoordinatorMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.submitted = Counter.builder("orchestrator_workflows_submitted").register(registry);
    this.jobsStarted = Counter.builder("orchestrator_jobs_started").register(registry);
    this.reportsRejected = Counter.builder("orchestrator_reports_rejected").register(registry);
    Gauge.builder("orchestrator_workers_connected", workersConnected, AtomicLong::get).register(registry);
  }

  public static CoordinatorMetrics create() {
    return new CoordinatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  public void workflowSubmitted() {
    submitted.increment();
  }

  public void jobsStarted(int count) {
    jobsStarted.increment(count);
  }

  public void reportRejected() {
    reportsRejected.increment();
  }

  public void jobReported(String kind) {
    jobReports.computeIfAbsent(kind, k -> Counter.builder("orchestrator_job_reports")
        .tag("kind", k.toLowerCase()).register(registry)).increment();
  }

  public void workerConnected(int delta) {
    workersConnected.addAndGet(delta);
  }

  public void applied(Effects effects) {
    effects.finished.forEach(f -> workflowsFinished.computeIfAbsent(f.state(), s -> Counter
        .builder("orchestrator_workflows_finished").tag("state", s).register(registry)).increment());
  }

  public void queueDepths(Map<String, Long> depths) {
    queueDepths.forEach((queue, depth) -> depth.set(depths.getOrDefault(queue, 0L)));
    depths.forEach((queue, depth) -> queueDepths.computeIfAbsent(queue, q -> {
      AtomicLong holder = new AtomicLong();
      Gauge.builder("orchestrator_queue_depth", holder, AtomicLong::get).tag("queue", q).register(registry);
      return holder;
    }).set(depth));
  }
}
