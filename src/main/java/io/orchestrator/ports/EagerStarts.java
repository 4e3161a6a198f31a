package io.orchestrator.ports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local fast path (DESIGN.md): slots of workers connected to this coordinator that a report
 * batch frees, offered to the dependants that the same batch releases, so that the store starts them
 * in the transaction that released them instead of a round trip through the shared queue (enqueue,
 * wake, claim, a start transaction of its own). Priority order is kept: a released job takes a slot
 * only if it would come before the job at the head of its queue, as seen just before the batch.
 */
public final class EagerStarts {
  /** No slot offered: every released job goes to the queue. */
  public static final EagerStarts NONE = new EagerStarts(List.of(), Map.of());

  /** {@code slots} free slots of one worker, which serves {@code queues} and {@code types} (empty: any type). */
  public record Offer(String workerId, List<String> queues, Set<String> types, int slots) {}

  private final List<Offer> offers;
  private final Map<String, QueueHead> heads;

  /** @param heads the head of each queue the offers serve; a queue missing here is empty */
  public EagerStarts(List<Offer> offers, Map<String, QueueHead> heads) {
    this.offers = List.copyOf(offers);
    this.heads = Map.copyOf(heads);
  }

  /**
   * Which of the {@code released} jobs start where, best first: each takes a slot of the first offer
   * that serves its queue and type, if it goes before the head of its queue.
   */
  public List<StartAttempt> choose(List<QueuedJob> released) {
    if (offers.isEmpty() || released.isEmpty()) {
      return List.of();
    }
    int[] left = new int[offers.size()];
    for (int i = 0; i < left.length; i++) {
      left[i] = offers.get(i).slots();
    }
    List<QueuedJob> bestFirst = new ArrayList<>(released);
    bestFirst.sort(null);
    List<StartAttempt> chosen = new ArrayList<>();
    for (QueuedJob job : bestFirst) {
      if (!job.goesBefore(heads.get(job.queue()))) {
        continue;
      }
      for (int i = 0; i < left.length; i++) {
        Offer offer = offers.get(i);
        if (left[i] > 0 && offer.queues().contains(job.queue())
            && (offer.types().isEmpty() || offer.types().contains(job.type()))) {
          left[i]--;
          chosen.add(new StartAttempt(job.jobId(), offer.workerId()));
          break;
        }
      }
    }
    return chosen;
  }
}
