package io.orchestrator.ports;

import static io.orchestrator.testsupport.Await.await;
import static io.orchestrator.testsupport.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every {@link Presence} must do; a subclass supplies a fresh, empty one per test. */
@ExtendWith(VertxExtension.class)
public abstract class PresenceContract {
  private static final Duration LONG = Duration.ofSeconds(60);

  protected abstract Presence presence();

  /** A TTL short enough to watch expire in a test (Redis: real time; memory: a test clock). */
  protected abstract Duration shortTtl();

  /** Lets {@code ttl} pass: a test clock jumps; real implementations do nothing (time passes). */
  protected void letPass(Duration ttl) {}

  @Test
  void aBeatingWorkerIsActiveAndNotLapsed() {
    await(presence().beat("w1", LONG));
    await(presence().beat("w2", LONG));
    await(presence().beat("w1", LONG)); // a repeated beat changes nothing visible

    assertThat(await(presence().active())).containsExactlyInAnyOrder("w1", "w2");
    assertThat(await(presence().lapsed())).isEmpty();
  }

  @Test
  void aWorkerThatStopsBeatingLapsesAndStaysListedUntilItLeaves() {
    await(presence().beat("alive", LONG));
    await(presence().beat("silent", shortTtl()));
    letPass(shortTtl());

    eventually(() -> await(presence().lapsed()).equals(List.of("silent")));
    assertThat(await(presence().active())).containsExactly("alive");
    assertThat(await(presence().lapsed())).containsExactly("silent"); // still listed

    await(presence().leave("silent"));
    assertThat(await(presence().lapsed())).isEmpty();
    assertThat(await(presence().active())).containsExactly("alive");
  }

  @Test
  void aBeatAfterLapsingMakesTheWorkerActiveAgain() {
    await(presence().beat("w", shortTtl()));
    letPass(shortTtl());
    eventually(() -> await(presence().lapsed()).contains("w"));

    await(presence().beat("w", LONG));

    assertThat(await(presence().lapsed())).isEmpty();
    assertThat(await(presence().active())).containsExactly("w");
  }

  @Test
  void aWorkerThatLeavesIsNeitherActiveNorLapsed() {
    await(presence().beat("w1", LONG));
    await(presence().beat("w2", LONG));

    await(presence().leave("w1"));
    await(presence().leave("never-seen"));

    assertThat(await(presence().active())).containsExactly("w2");
    assertThat(await(presence().lapsed())).isEmpty();
  }
}
