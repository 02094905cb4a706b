package io.nhiguard.core.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.CredentialUnavailableException;
import io.nhiguard.api.CredentialVerificationException;
import io.nhiguard.api.CredentialVerificationException.Failure;
import io.nhiguard.api.LeaseRequest;
import io.nhiguard.api.VerificationExpectations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AC-50: fifteen threads lease and verify credentials while a sixteenth revokes. A thread reads the
 * "revoke has returned" flag before each operation; if the flag was already set, the operation
 * started after revoke returned and must fail. Every token leased at any point must fail afterwards.
 * All leases are delegated under one parent lease, so revoking that lease exercises the cascade.
 */
final class RevocationRaceTest {

  private static final int WORKERS = 15;
  private static final int ITERATIONS = 120;
  private static final int OPS_BEFORE_REVOKE = WORKERS * 40;

  enum Target {
    DELEGATOR,
    HOLDER,
    TASK,
    ONE_LEASE,
    PARENT_LEASE
  }

  private static LeaseRequest request(int i) {
    return Leases.of(
        Leases.AGENT, Leases.TASK, ActionKind.WRITE, Duration.ofMinutes(2), null, Leases.FAR,
        List.of(Leases.PARENT), i % 2 == 0 ? "" : "sha256-call-" + (i % 7));
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void AC_50_noVerificationOrLeaseSucceedsAfterRevokeReturned(Target target) throws Exception {
    MutableClock clock = MutableClock.at("2026-11-30T10:00:00Z");
    InMemoryCredentialVault vault = InMemoryCredentialVault.builder().clock(clock).build();
    VerificationExpectations expected = VerificationExpectations.audience(Leases.AUDIENCE);
    String parentId =
        vault.lease(Leases.of(Leases.PARENT, "task-parent", ActionKind.WRITE, Duration.ofMinutes(5), null, Leases.FAR,
                List.of(), ""))
            .lease().leaseId();
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      pool.add(vault.lease(request(i), parentId).token().reveal());
    }
    String victimId = vault.activeLeases().stream().filter(l -> !l.leaseId().equals(parentId)).skip(5).findFirst()
        .orElseThrow().leaseId();
    String victim = null;
    for (String token : pool) {
      if (vault.verify(token, expected).tokenId().equals(victimId)) {
        victim = token;
      }
    }
    String victimToken = victim;
    AtomicBoolean revoked = new AtomicBoolean();
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger successesBefore = new AtomicInteger();
    ConcurrentLinkedQueue<String> leased = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch progress = new CountDownLatch(OPS_BEFORE_REVOKE);
    ExecutorService threads = Executors.newFixedThreadPool(WORKERS + 1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      futures.add(threads.submit(() -> {
        start.await();
        progress.await();
        switch (target) {
          case DELEGATOR:
            vault.revokeAgent(Leases.PARENT);
            break;
          case HOLDER:
            vault.revokeAgent(Leases.AGENT);
            break;
          case TASK:
            vault.revokeTask(Leases.TASK);
            break;
          case PARENT_LEASE:
            assertThat(vault.revoke(parentId)).isTrue();
            break;
          default:
            assertThat(vault.revoke(victimId)).isTrue();
            break;
        }
        revoked.set(true);
        return null;
      }));
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        futures.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < ITERATIONS; i++) {
            boolean after = revoked.get();
            if (i % 3 == 0) {
              try {
                leased.add(vault.lease(request(worker * ITERATIONS + i), parentId).token().reveal());
                if (after && target != Target.ONE_LEASE) {
                  violations.incrementAndGet();
                }
              } catch (CredentialUnavailableException e) {
                if (!after && target == Target.ONE_LEASE) {
                  violations.incrementAndGet();
                }
              }
            } else {
              String token = target == Target.ONE_LEASE ? victimToken : pool.get((worker + i) % pool.size());
              try {
                vault.verify(token, expected);
                if (after) {
                  violations.incrementAndGet();
                } else {
                  successesBefore.incrementAndGet();
                }
              } catch (CredentialVerificationException e) {
                assertThat(e.failure()).isEqualTo(Failure.REVOKED);
              }
            }
            progress.countDown();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(revoked).isTrue();
    assertThat(violations).hasValue(0);
    assertThat(successesBefore.get()).isPositive();
    List<String> mustFail = target == Target.ONE_LEASE ? List.of(victimToken) : new ArrayList<>(pool);
    if (target != Target.ONE_LEASE) {
      mustFail.addAll(leased);
    }
    for (String token : mustFail) {
      try {
        vault.verify(token, expected);
        violations.incrementAndGet();
      } catch (CredentialVerificationException e) {
        assertThat(e.failure()).isEqualTo(Failure.REVOKED);
      }
    }
    assertThat(violations).hasValue(0);
    if (target == Target.ONE_LEASE) {
      assertThat(vault.activeLeases()).extracting(l -> l.leaseId()).doesNotContain(victimId);
    } else {
      assertThat(vault.activeLeases()).extracting(l -> l.agent()).doesNotContain(Leases.AGENT);
    }
  }
}
