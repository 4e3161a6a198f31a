package io.orchestrator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalLruTest {

  @Test
  void keepsAtMostItsBoundAndDropsTheLeastRecentlyUsed() {
    LocalLru<String, Integer> lru = new LocalLru<>(3);
    lru.put("a", 1);
    lru.put("b", 2);
    lru.put("c", 3);
    lru.get("a"); // a is now the most recent

    lru.put("d", 4);

    assertThat(lru.size()).isEqualTo(3);
    assertThat(lru.get("b")).isNull();
    assertThat(lru.get("a")).isEqualTo(1);
    assertThat(lru.get("d")).isEqualTo(4);
  }

  @Test
  void removeForgets() {
    LocalLru<String, Integer> lru = new LocalLru<>(3);
    lru.put("a", 1);

    lru.remove("a");

    assertThat(lru.get("a")).isNull();
  }
}
