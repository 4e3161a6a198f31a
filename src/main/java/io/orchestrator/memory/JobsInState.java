package io.orchestrator.memory;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The jobs in one state, oldest change first, linked through the jobs' own fields (a job is in one
 * state at a time). A {@code LinkedHashSet} per state cost a hash insert and a hash removal per
 * transition, with a cache miss each (docs/performance.md, ninth round).
 */
final class JobsInState implements Iterable<MemoryJob> {
  private MemoryJob first;
  private MemoryJob last;
  private int size;

  void add(MemoryJob job) {
    job.previousInState = last;
    job.nextInState = null;
    if (last == null) {
      first = job;
    } else {
      last.nextInState = job;
    }
    last = job;
    size++;
  }

  /** Removes a job that this list holds. */
  void remove(MemoryJob job) {
    if (job.previousInState == null) {
      first = job.nextInState;
    } else {
      job.previousInState.nextInState = job.nextInState;
    }
    if (job.nextInState == null) {
      last = job.previousInState;
    } else {
      job.nextInState.previousInState = job.previousInState;
    }
    job.previousInState = null;
    job.nextInState = null;
    size--;
  }

  int size() {
    return size;
  }

  /** Iterates in order; the list must not change meanwhile (copy it first). */
  @Override
  public Iterator<MemoryJob> iterator() {
    return new Iterator<>() {
      private MemoryJob next = first;

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public MemoryJob next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        MemoryJob job = next;
        next = job.nextInState;
        return job;
      }
    };
  }

  Stream<MemoryJob> stream() {
    return StreamSupport.stream(Spliterators.spliterator(iterator(), size, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}
