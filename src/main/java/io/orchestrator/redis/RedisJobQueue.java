package io.orchestrator.redis;

import io.orchestrator.ports.JobQueue;
import io.orchestrator.ports.QueueHead;
import io.orchestrator.ports.QueuedJob;
import io.orchestrator.ports.RetryTimer;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ready-job queue in Redis: one sorted set per queue whose members are job ids and whose score
 * is {@link QueuedJob#score()}; equal scores order by member text (time-ordered ids: FIFO). What a
 * claim must match (type, priorities, workflow) sits in the hash {@code queue:job_meta}.
 */
public final class RedisJobQueue implements JobQueue {
  private static final Logger LOG = LoggerFactory.getLogger(RedisJobQueue.class);
  private static final LuaScript ENQUEUE = LuaScript.load("queue_enqueue");
  private static final LuaScript CLAIM = LuaScript.load("queue_claim");
  private static final LuaScript TAKE_DUE = LuaScript.load("queue_take_due");
  private static final LuaScript REMOVE = LuaScript.load("queue_remove");
  /** Jobs per script call: keeps each call short, as Redis runs one script at a time. */
  private static final int CHUNK = 500;
  public static final int DEFAULT_SCAN_LIMIT = 2_000;

  private final RedisConnector redis;
  private final RedisKeys keys;
  private final int scanLimit;

  public RedisJobQueue(RedisConnector redis, RedisKeys keys) {
    this(redis, keys, DEFAULT_SCAN_LIMIT);
  }

  /** {@code scanLimit}: how many entries a claim looks at, at most, for jobs of the wanted types. */
  public RedisJobQueue(RedisConnector redis, RedisKeys keys, int scanLimit) {
    this.redis = redis;
    this.keys = keys;
    this.scanLimit = scanLimit;
  }

  @Override
  public Future<Void> enqueue(List<QueuedJob> jobs) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < jobs.size(); from += CHUNK) {
      List<QueuedJob> chunk = jobs.subList(from, Math.min(from + CHUNK, jobs.size()));
      chain = chain.compose(v -> enqueueChunk(chunk));
    }
    return chain;
  }

  private Future<Void> enqueueChunk(List<QueuedJob> jobs) {
    List<String> scriptKeys = new ArrayList<>(jobs.size() + 2);
    List<String> args = new ArrayList<>(jobs.size() * 4);
    scriptKeys.add(keys.jobMeta());
    scriptKeys.add(keys.queueNames());
    for (QueuedJob job : jobs) {
      scriptKeys.add(keys.pendingJobs(job.queue()));
      args.add(RedisKeys.queueName(job.queue()));
      args.add(job.jobId().toString());
      args.add(Long.toString((long) job.score()));
      args.add(JobMeta.format(job));
    }
    return ENQUEUE.run(redis, scriptKeys, args).mapEmpty();
  }

  @Override
  public Future<List<QueuedJob>> claim(String queue, Set<String> types, int max) {
    if (max <= 0) {
      return Future.succeededFuture(List.of());
    }
    String queueName = RedisKeys.queueName(queue);
    List<String> args = new ArrayList<>(types.size() + 2);
    args.add(Integer.toString(max));
    args.add(Integer.toString(Math.max(scanLimit, max)));
    args.addAll(types);
    return CLAIM.run(redis, List.of(keys.pendingJobs(queueName), keys.jobMeta()), args)
        .map(response -> toJobs(queueName, response));
  }

  private static List<QueuedJob> toJobs(String queue, Response response) {
    Response pairs = response.get(0);
    long orphans = response.get(1).toLong();
    if (orphans > 0) {
      LOG.warn("Dropped {} id(s) without meta from queue '{}'; the sweeper re-enqueues them", orphans, queue);
    }
    List<QueuedJob> jobs = new ArrayList<>(pairs.size() / 2);
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      jobs.add(JobMeta.parse(UUID.fromString(pairs.get(i).toString()), queue, pairs.get(i + 1).toString()));
    }
    return jobs;
  }

  @Override
  public Future<QueueHead> head(String queue) {
    Request first = Request.cmd(Command.ZRANGE).arg(keys.pendingJobs(RedisKeys.queueName(queue))).arg(0).arg(0)
        .arg("WITHSCORES");
    return redis.send(first).map(RedisJobQueue::toHead);
  }

  /** ZRANGE … WITHSCORES answers [[member, score]] under RESP3 and [member, score] under RESP2: read both. */
  private static QueueHead toHead(Response reply) {
    if (reply == null || reply.size() == 0) {
      return null;
    }
    Response pair = reply.get(0).type() == ResponseType.MULTI ? reply.get(0) : reply;
    return new QueueHead(pair.get(1).toDouble(), UUID.fromString(pair.get(0).toString()));
  }

  @Override
  public Future<Void> remove(List<QueuedJob> jobs) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < jobs.size(); from += CHUNK) {
      List<QueuedJob> chunk = jobs.subList(from, Math.min(from + CHUNK, jobs.size()));
      List<String> scriptKeys = new ArrayList<>(chunk.size() + 1);
      List<String> ids = new ArrayList<>(chunk.size());
      scriptKeys.add(keys.jobMeta());
      for (QueuedJob job : chunk) {
        scriptKeys.add(keys.pendingJobs(job.queue()));
        ids.add(job.jobId().toString());
      }
      chain = chain.compose(v -> REMOVE.run(redis, scriptKeys, ids).mapEmpty());
    }
    return chain;
  }

  @Override
  public Future<Void> delay(List<RetryTimer> timers) {
    if (timers.isEmpty()) {
      return Future.succeededFuture();
    }
    Request add = Request.cmd(Command.ZADD).arg(keys.delayed());
    timers.forEach(t -> add.arg(t.dueAt().toEpochMilli()).arg(t.jobId().toString()));
    return redis.send(add).mapEmpty();
  }

  @Override
  public Future<List<UUID>> takeDue(Instant now, int max) {
    return TAKE_DUE.run(redis, List.of(keys.delayed()), List.of(Long.toString(now.toEpochMilli()), Integer.toString(max)))
        .map(reply -> {
          List<UUID> ids = new ArrayList<>(reply.size());
          reply.forEach(id -> ids.add(UUID.fromString(id.toString())));
          return ids;
        });
  }

  @Override
  public Future<Map<String, Long>> depths() {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(keys.queueNames())).compose(members -> {
      List<String> names = new ArrayList<>();
      members.forEach(name -> names.add(name.toString()));
      names.sort(null);
      if (names.isEmpty()) {
        return Future.succeededFuture(Map.of());
      }
      List<Request> counts = new ArrayList<>(names.size());
      names.forEach(name -> counts.add(Request.cmd(Command.ZCARD).arg(keys.pendingJobs(name))));
      return redis.batch(counts).map(replies -> {
        Map<String, Long> depths = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
          long depth = replies.get(i).toLong();
          if (depth > 0) {
            depths.put(names.get(i), depth);
          }
        }
        return depths;
      });
    });
  }
}
