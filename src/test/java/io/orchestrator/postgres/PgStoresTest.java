package io.orchestrator.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrator.config.DatabaseUrl;
import io.orchestrator.testsupport.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PgStoresTest {

  @Test
  void connectsAndPingsARealDatabase(Vertx vertx, VertxTestContext ctx) {
    DatabaseUrl url = TestDatabases.server();
    PgStores.connect(vertx, url, 2, "c1")
        .compose(store -> store.ping().compose(v -> store.close()))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void unreachableDatabaseIsAClearFailureWithoutThePassword(Vertx vertx, VertxTestContext ctx) {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:hunter2@127.0.0.1:1/nothing");
    PgStores.connect(vertx, url, 2).onComplete(ctx.failing(error -> ctx.verify(() -> {
      assertThat(error).hasMessageContaining("127.0.0.1:1/nothing").hasMessageNotContaining("hunter2");
      ctx.completeNow();
    })));
  }
}
