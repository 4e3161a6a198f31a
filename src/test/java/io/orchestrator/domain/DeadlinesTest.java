package io.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  @Test
  void expiresWhatIsDueEarliestFirstAndOnlyOnce() {
    Deadlines<String, String> deadlines = new Deadlines<>();
    deadlines.put("c", "c1", 300);
    deadlines.put("a", "a1", 100);
    deadlines.put("b", "b1", 200);

    assertThat(deadlines.expired(99)).isEmpty();
    assertThat(deadlines.expired(200)).containsExactly("a1", "b1");
    assertThat(deadlines.expired(200)).isEmpty();
    assertThat(deadlines.size()).isEqualTo(1);
    assertThat(deadlines.get("c")).isEqualTo("c1");
    assertThat(deadlines.expired(1_000)).containsExactly("c1");
    assertThat(deadlines.size()).isZero();
  }

  @Test
  void aRemovedOrReplacedDeadlineNeverExpires() {
    Deadlines<String, String> deadlines = new Deadlines<>();
    deadlines.put("a", "a1", 100);
    deadlines.put("b", "b1", 100);
    deadlines.put("a", "a2", 500); // a new attempt of the same job: the old deadline is stale

    assertThat(deadlines.remove("b")).isEqualTo("b1");
    assertThat(deadlines.remove("b")).isNull();
    assertThat(deadlines.get("b")).isNull();
    assertThat(deadlines.expired(400)).isEmpty();
    assertThat(deadlines.expired(500)).containsExactly("a2");
  }

  @Test
  void staleEntriesDoNotPileUp() {
    Deadlines<Integer, Integer> deadlines = new Deadlines<>();
    // Jobs finish long before their deadline: most entries go stale while few stay live.
    for (int i = 0; i < 100_000; i++) {
      deadlines.put(i, i, 1_000_000 + i);
      if (i >= 10) {
        deadlines.remove(i - 10);
      }
      if (i % 1_000 == 0) {
        deadlines.expired(0);
      }
    }
    deadlines.expired(0);
    assertThat(deadlines.size()).isEqualTo(10);
    assertThat(deadlines.heapSize()).isLessThanOrEqualTo(2 * 10 + 1024);
    assertThat(deadlines.expired(Long.MAX_VALUE)).containsExactly(99_990, 99_991, 99_992, 99_993, 99_994,
        99_995, 99_996, 99_997, 99_998, 99_999);
  }

  @Test
  void agreesWithAPlainListUnderRandomUse() {
    SplittableRandom random = new SplittableRandom(7);
    Deadlines<Integer, Long> deadlines = new Deadlines<>();
    java.util.Map<Integer, Long> reference = new java.util.HashMap<>();
    long now = 0;
    for (int step = 0; step < 50_000; step++) {
      int key = random.nextInt(500);
      switch (random.nextInt(3)) {
        case 0 -> {
          long at = now + random.nextInt(1_000);
          deadlines.put(key, at, at);
          reference.put(key, at);
        }
        case 1 -> assertThat(deadlines.remove(key)).isEqualTo(reference.remove(key));
        default -> {
          now += random.nextInt(50);
          long cut = now;
          List<Long> due = new ArrayList<>();
          reference.values().removeIf(at -> {
            if (at <= cut) {
              due.add(at);
              return true;
            }
            return false;
          });
          due.sort(null);
          assertThat(deadlines.expired(now)).isEqualTo(due);
        }
      }
      assertThat(deadlines.size()).isEqualTo(reference.size());
    }
  }
}
