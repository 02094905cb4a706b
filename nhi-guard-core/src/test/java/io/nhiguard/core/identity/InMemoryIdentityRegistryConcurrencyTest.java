package io.nhiguard.core.identity;

import static io.nhiguard.core.identity.TestIdentities.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.LifecycleEvent;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.LifecycleTransitionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class InMemoryIdentityRegistryConcurrencyTest {

  private static final int THREADS = 16;

  @Test
  void AC_50_findAfterRevokeReturnsNeverPermitsAcrossThreads() throws Exception {
    MutableClock clock = MutableClock.at(CREATED.plus(Duration.ofDays(1)));
    InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(clock);
    AgentId a = registry.register(TestIdentities.agent("billing", b -> b.state(LifecycleState.ACTIVE)), "admin").id();
    AtomicBoolean revokeReturned = new AtomicBoolean();
    AtomicInteger permitsAfterRevoke = new AtomicInteger();
    AtomicInteger permitsBeforeRevoke = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS - 1; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 20_000; i++) {
                    boolean revokedBefore = revokeReturned.get();
                    boolean usable = IdentityChecks.isUsable(registry.find(a).orElseThrow(), clock.instant());
                    if (usable && revokedBefore) {
                      permitsAfterRevoke.incrementAndGet();
                    } else if (usable) {
                      permitsBeforeRevoke.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      futures.add(
          pool.submit(
              () -> {
                start.await();
                registry.transition(a, LifecycleState.REVOKED, "security", "kill switch");
                revokeReturned.set(true);
                return null;
              }));
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(revokeReturned).isTrue();
    assertThat(permitsAfterRevoke).hasValue(0);
    assertThat(IdentityChecks.isUsable(registry.find(a).orElseThrow(), clock.instant())).isFalse();
  }

  @Test
  void transitionWhenManyThreadsRaceThenEventsFormOneLegalChain() throws Exception {
    MutableClock clock = MutableClock.at(CREATED.plus(Duration.ofDays(1)));
    InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(clock);
    List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
    registry.addListener(events::add);
    AgentId a = registry.register(TestIdentities.agent("billing", b -> b.state(LifecycleState.ACTIVE)), "admin").id();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        LifecycleState target = t % 2 == 0 ? LifecycleState.SUSPENDED : LifecycleState.ACTIVE;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 500; i++) {
                    try {
                      registry.transition(a, target, "t", "race");
                    } catch (LifecycleTransitionException e) {
                      // the other side won this round
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    LifecycleState state = null;
    for (LifecycleEvent e : events) {
      assertThat(e.from()).isEqualTo(state);
      if (state != null) {
        assertThat(state.canTransitionTo(e.to())).isTrue();
      }
      state = e.to();
    }
    assertThat(registry.find(a).orElseThrow().state()).isEqualTo(state);
  }
}
