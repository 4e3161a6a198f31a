package io.orchestrator.memory;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Rows of the memory store in the order they were added, linked through the rows' own fields
 * ({@link Row}): a row is in at most one such list at a time. Adding and removing cost no hash and no
 * allocation. Used for the jobs in each state and for retention's finished workflows: a
 * {@code LinkedHashSet} per state cost a hash insert and removal per transition, with a cache miss
 * each, and one for the finished workflows ~2 % of the coordinator's CPU in memory W1
 * (docs/performance.md, eighth and ninth rounds).
 */
final class LinkedRows<T extends LinkedRows.Row<T>> implements Iterable<T> {
  /** The links a row carries for the one list it may be in; only {@link LinkedRows} touches them. */
  abstract static class Row<T extends Row<T>> {
    T previous;
    T next;
  }

  private T first;
  private T last;
  private int size;

  /** Adds a row that is in no list, at the end. */
  void add(T row) {
    row.previous = last;
    row.next = null;
    if (last == null) {
      first = row;
    } else {
      last.next = row;
    }
    last = row;
    size++;
  }

  /** Removes a row that this list holds. */
  void remove(T row) {
    if (row.previous == null) {
      first = row.next;
    } else {
      row.previous.next = row.next;
    }
    if (row.next == null) {
      last = row.previous;
    } else {
      row.next.previous = row.previous;
    }
    row.previous = null;
    row.next = null;
    size--;
  }

  /** The row added first, or null. */
  T first() {
    return first;
  }

  int size() {
    return size;
  }

  /** Iterates in order; the list must not change meanwhile (copy it first). */
  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private T next = first;

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public T next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        T row = next;
        next = row.next;
        return row;
      }
    };
  }

  Stream<T> stream() {
    return StreamSupport.stream(Spliterators.spliterator(iterator(), size, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}
