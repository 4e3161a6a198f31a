package io.orchestrator.worker;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class EmbeddedWorkersTest {
  @Test
  void startsWorkersWithBuiltinsButNoShell(Vertx vertx) throws Exception {
    FakeCoordinator coordinator = new FakeCoordinator(vertx, "local").start();
    List<WorkerRuntime> workers = Await.result(EmbeddedWorkers.start(vertx, coordinator.url(), 2, "tok"));
    assertThat(workers).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonObject hello = coordinator.take("hello");
      assertThat(hello.getInteger("concurrency")).isEqualTo(4);
      assertThat(hello.getJsonArray("queues")).containsExactly("default");
      assertThat(hello.getJsonArray("types").getList()).contains("echo", "http").doesNotContain("shell");
    }
    assertThat(coordinator.authorizations).containsExactly("Bearer tok", "Bearer tok");
    assertThat(workers).extracting(WorkerRuntime::name).doesNotHaveDuplicates();
    Await.result(EmbeddedWorkers.stop(workers));
  }
}
