package io.orchestrator.ports;

import static io.orchestrator.testsupport.Await.await;
import static io.orchestrator.testsupport.Await.eventuallyNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every {@link Locks} must do; a subclass supplies a fresh one (no lock held) per test. */
@ExtendWith(VertxExtension.class)
public abstract class LocksContract {
  private static final Duration LONG = Duration.ofSeconds(60);

  protected abstract Locks locks();

  /** A TTL short enough to watch expire in a test (Redis: real time; memory: a test clock). */
  protected abstract Duration shortTtl();

  /** Lets {@code ttl} pass: a test clock jumps; real implementations do nothing (time passes). */
  protected void letPass(Duration ttl) {}

  @Test
  void onlyOneOwnerHoldsALock() {
    Lease lease = await(locks().acquire("leader", "a", LONG));

    assertThat(lease).isNotNull();
    assertThat(lease.name()).isEqualTo("leader");
    assertThat(lease.owner()).isEqualTo("a");
    assertThat(lease.expiresAt()).isAfter(java.time.Instant.now().minusSeconds(1));
    assertThat(await(locks().acquire("leader", "b", LONG))).isNull();
    assertThat(await(locks().acquire("leader", "a", LONG))).isNull(); // not re-entrant
    assertThat(await(locks().acquire("other", "b", LONG))).isNotNull(); // names are independent
  }

  @Test
  void onlyTheOwnerRenewsAndTheTokenStays() {
    Lease lease = await(locks().acquire("leader", "a", LONG));

    Lease renewed = await(locks().renew(lease, LONG));
    Lease forged = new Lease("leader", "b", lease.fencingToken(), lease.expiresAt());

    assertThat(renewed).isNotNull();
    assertThat(renewed.fencingToken()).isEqualTo(lease.fencingToken());
    assertThat(renewed.owner()).isEqualTo("a");
    assertThat(renewed.expiresAt()).isAfterOrEqualTo(lease.expiresAt());
    assertThat(await(locks().renew(forged, LONG))).isNull();
  }

  @Test
  void onlyTheOwnerReleases() {
    Lease lease = await(locks().acquire("leader", "a", LONG));
    Lease forged = new Lease("leader", "b", lease.fencingToken(), lease.expiresAt());

    assertThat(await(locks().release(forged))).isFalse();
    assertThat(await(locks().acquire("leader", "b", LONG))).isNull();
    assertThat(await(locks().release(lease))).isTrue();
    assertThat(await(locks().release(lease))).isFalse();
    assertThat(await(locks().renew(lease, LONG))).isNull();
    assertThat(await(locks().acquire("leader", "b", LONG))).isNotNull();
  }

  @Test
  void fencingTokensGrowWithEveryGrant() {
    Lease first = await(locks().acquire("leader", "a", LONG));
    await(locks().release(first));
    Lease second = await(locks().acquire("leader", "b", LONG));
    await(locks().release(second));
    Lease third = await(locks().acquire("leader", "a", LONG));

    assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
    assertThat(third.fencingToken()).isGreaterThan(second.fencingToken());
  }

  @Test
  void expiryLetsAnotherOwnerTakeOverWithAGreaterToken() {
    Lease stale = await(locks().acquire("leader", "a", shortTtl()));
    letPass(shortTtl());

    Lease taken = eventuallyNonNull(() -> await(locks().acquire("leader", "b", LONG)));

    assertThat(taken.owner()).isEqualTo("b");
    assertThat(taken.fencingToken()).isGreaterThan(stale.fencingToken());
    assertThat(await(locks().renew(stale, LONG))).isNull();
    assertThat(await(locks().release(stale))).isFalse();
    assertThat(await(locks().acquire("leader", "a", LONG))).isNull();
  }

  @Test
  void anOldLeaseOfTheSameOwnerCannotTouchALaterGrant() {
    Lease old = await(locks().acquire("leader", "a", shortTtl()));
    letPass(shortTtl());
    Lease current = eventuallyNonNull(() -> await(locks().acquire("leader", "a", LONG)));

    assertThat(await(locks().release(old))).isFalse();
    assertThat(await(locks().renew(current, LONG))).isNotNull();
    assertThat(await(locks().release(current))).isTrue();
  }
}
