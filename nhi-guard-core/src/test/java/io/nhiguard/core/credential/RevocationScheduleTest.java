package io.nhiguard.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.CredentialLease;
import io.nhiguard.api.CredentialUnavailableException;
import io.nhiguard.api.CredentialVerificationException;
import io.nhiguard.api.CredentialVerificationException.Failure;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.api.VerificationExpectations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random schedules of lease, clock advance, revoke (lease, task, agent) and verify, checked against
 * a model: a token verifies exactly while {@code now < exp + skew} and nothing it depends on is
 * revoked; in particular it never verifies after its expiry or after a revocation.
 */
final class RevocationScheduleTest {

  private static final AgentId[] AGENTS = {Leases.AGENT, Leases.OTHER};
  private static final String[] TASKS = {"task-a", "task-b"};
  private static final ActionKind[] ACTIONS = ActionKind.values();

  private static final class Issued {
    final String token;
    final CredentialLease lease;
    boolean revoked;

    Issued(IssuedCredential credential) {
      this.token = credential.token().reveal();
      this.lease = credential.lease();
    }
  }

  @Property(tries = 200)
  void tokenNeverVerifiesAfterExpiryOrRevocation(
      @ForAll @Size(max = 24) List<@IntRange(min = 0, max = 99_999) Integer> ops,
      @ForAll @IntRange(min = 0, max = 300) int skewSeconds) {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00.250Z"));
    Duration skew = Duration.ofSeconds(skewSeconds);
    InMemoryCredentialVault vault = InMemoryCredentialVault.builder().clock(clock).clockSkew(skew).build();
    List<Issued> issued = new ArrayList<>();
    Set<String> revokedTasks = new HashSet<>();
    Set<AgentId> revokedAgents = new HashSet<>();

    for (int op : ops) {
      int kind = op % 5;
      int param = op / 5;
      if (kind == 0 || kind == 1) {
        AgentId agent = AGENTS[param % 2];
        String task = TASKS[(param / 2) % 2];
        ActionKind action = ACTIONS[(param / 4) % ACTIONS.length];
        Duration ttl = Duration.ofMillis(1 + (param * 7919L) % 1_200_000);
        Instant before = clock.instant();
        try {
          IssuedCredential credential =
              vault.lease(
                  Leases.of(agent, task, action, ttl, null, Leases.FAR, List.of(), kind == 0 ? "" : "sha256-" + param));
          assertThat(revokedTasks.contains(task) || revokedAgents.contains(agent)).as("leased while revoked").isFalse();
          Instant exp = credential.lease().expiresAt();
          assertThat(exp).isAfter(before);
          assertThat(Duration.between(before, exp)).isLessThanOrEqualTo(ttl).isLessThanOrEqualTo(vault.ttlLimit(action));
          issued.add(new Issued(credential));
        } catch (CredentialUnavailableException e) {
          boolean shortTtl = ttl.compareTo(Duration.ofSeconds(1)) < 0;
          assertThat(revokedTasks.contains(task) || revokedAgents.contains(agent) || shortTtl)
              .as("refused without cause: " + e.getMessage())
              .isTrue();
        }
      } else if (kind == 2) {
        if (param % 2 == 0) {
          clock.advance(Duration.ofSeconds((param / 2) % 120));
        } else {
          clock.advance(Duration.ofMillis(param % 120_000));
        }
      } else if (kind == 3) {
        if (!issued.isEmpty()) {
          Issued target = issued.get(param % issued.size());
          boolean active = !target.revoked && target.lease.expiresAt().plus(skew).isAfter(clock.instant())
              && !revokedTasks.contains(target.lease.taskId()) && !revokedAgents.contains(target.lease.agent());
          assertThat(vault.revoke(target.lease.leaseId())).isEqualTo(active);
          target.revoked = true;
        }
      } else {
        if (param % 2 == 0) {
          vault.revokeTask(TASKS[(param / 2) % 2]);
          revokedTasks.add(TASKS[(param / 2) % 2]);
        } else {
          vault.revokeAgent(AGENTS[(param / 2) % 2]);
          revokedAgents.add(AGENTS[(param / 2) % 2]);
        }
      }
      Instant now = clock.instant();
      for (Issued token : issued) {
        boolean expired = !now.isBefore(token.lease.expiresAt().plus(skew));
        boolean revoked = token.revoked || revokedTasks.contains(token.lease.taskId())
            || revokedAgents.contains(token.lease.agent());
        try {
          vault.verify(token.token, VerificationExpectations.audience(Leases.AUDIENCE));
          if (expired || revoked) {
            fail("verified although expired=" + expired + " revoked=" + revoked);
          }
        } catch (CredentialVerificationException e) {
          assertThat(expired || revoked).as("refused a live token: " + e.getMessage()).isTrue();
          if (expired && revoked) {
            // a call token whose grant was revoked cannot be read further, so it reports REVOKED
            assertThat(e.failure()).isIn(Failure.EXPIRED, Failure.REVOKED);
          } else {
            assertThat(e.failure()).isEqualTo(expired ? Failure.EXPIRED : Failure.REVOKED);
          }
        }
      }
    }
  }
}
