package io.nhiguard.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.CredentialLease;
import io.nhiguard.api.CredentialUnavailableException;
import io.nhiguard.api.CredentialVerificationException;
import io.nhiguard.api.CredentialVerificationException.Failure;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.api.LeaseRequest;
import io.nhiguard.api.VerificationExpectations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DelegatedLeaseTest {

  private static final AgentId GRANDCHILD = AgentId.agent("example.org", "helper");

  private final MutableClock clock = MutableClock.at("2026-11-30T10:00:00Z");
  private final InMemoryCredentialVault vault = InMemoryCredentialVault.builder().clock(clock).build();
  private final VerificationExpectations audience = VerificationExpectations.audience(Leases.AUDIENCE);

  private IssuedCredential parent(Duration ttl) {
    return vault.lease(
        Leases.of(Leases.PARENT, Leases.TASK, ActionKind.READ, ttl, null, Leases.FAR, List.of(), ""));
  }

  private static LeaseRequest child(String task, Duration ttl, String digest) {
    return Leases.of(Leases.AGENT, task, ActionKind.READ, ttl, null, Leases.FAR, List.of(Leases.PARENT), digest);
  }

  private void assertRevoked(IssuedCredential credential) {
    assertThatThrownBy(() -> vault.verify(credential.token().reveal(), audience))
        .isInstanceOf(CredentialVerificationException.class)
        .satisfies(e -> assertThat(((CredentialVerificationException) e).failure()).isEqualTo(Failure.REVOKED));
  }

  @Test
  void AC_53_childUnderParentLeaseIsClampedToParentRemainingWhateverNotAfterSays() {
    IssuedCredential parent = parent(Duration.ofMinutes(10));
    clock.advance(Duration.ofMinutes(3));

    CredentialLease child = vault.lease(child(Leases.TASK, Duration.ofHours(1), ""), parent.lease().leaseId()).lease();

    assertThat(child.expiresAt()).isEqualTo(parent.lease().expiresAt()).isEqualTo(Instant.parse("2026-11-30T10:10:00Z"));
    assertThat(vault.verify(vault.lease(child(Leases.TASK, Duration.ofHours(1), "sha256-x"), parent.lease().leaseId())
            .token().reveal(), audience).expiresAt())
        .isEqualTo(parent.lease().expiresAt());
  }

  @Test
  void AC_53_revokingParentLeaseRevokesChildrenAndGrandchildrenInOtherTasks() {
    IssuedCredential parent = parent(Duration.ofMinutes(10));
    IssuedCredential child = vault.lease(child("task-child", Duration.ofMinutes(5), ""), parent.lease().leaseId());
    IssuedCredential childCall = vault.lease(child("task-child", Duration.ofMinutes(5), "sha256-c"), parent.lease().leaseId());
    IssuedCredential grandchild =
        vault.lease(
            Leases.of(GRANDCHILD, "task-grandchild", ActionKind.READ, Duration.ofMinutes(5), null, Leases.FAR,
                List.of(Leases.PARENT, Leases.AGENT), "sha256-g"),
            child.lease().leaseId());
    IssuedCredential sibling = vault.lease(child("task-child", Duration.ofMinutes(5), ""));

    assertThat(vault.revoke(parent.lease().leaseId())).isTrue();

    assertRevoked(parent);
    assertRevoked(child);
    assertRevoked(childCall);
    assertRevoked(grandchild);
    assertThat(vault.verify(sibling.token().reveal(), audience).tokenId()).isEqualTo(sibling.lease().leaseId());
    assertThat(vault.activeLeases()).containsExactly(sibling.lease());
  }

  @Test
  void revokingChildLeavesParentAlive() {
    IssuedCredential parent = parent(Duration.ofMinutes(10));
    IssuedCredential child = vault.lease(child(Leases.TASK, Duration.ofMinutes(5), ""), parent.lease().leaseId());

    assertThat(vault.revoke(child.lease().leaseId())).isTrue();

    assertRevoked(child);
    assertThat(vault.verify(parent.token().reveal(), audience).subject()).isEqualTo(Leases.PARENT);
  }

  @Test
  void revokingParentTaskCascadesToChildInAnotherTask() {
    IssuedCredential parent = parent(Duration.ofMinutes(10));
    IssuedCredential child = vault.lease(child("task-child", Duration.ofMinutes(5), ""), parent.lease().leaseId());

    assertThat(vault.revokeTask(Leases.TASK)).isEqualTo(2);

    assertRevoked(child);
  }

  @Test
  void childUnderRevokedExpiredOrUnknownParentIsRefused() {
    IssuedCredential revoked = parent(Duration.ofMinutes(10));
    vault.revoke(revoked.lease().leaseId());
    IssuedCredential expiring = parent(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));

    assertThatThrownBy(() -> vault.lease(child(Leases.TASK, Duration.ofMinutes(1), ""), revoked.lease().leaseId()))
        .isInstanceOf(CredentialUnavailableException.class)
        .hasMessageContaining("parent lease");
    assertThatThrownBy(() -> vault.lease(child(Leases.TASK, Duration.ofMinutes(1), ""), expiring.lease().leaseId()))
        .isInstanceOf(CredentialUnavailableException.class);
    assertThatThrownBy(() -> vault.lease(child(Leases.TASK, Duration.ofMinutes(1), ""), "no-such-lease"))
        .isInstanceOf(CredentialUnavailableException.class);
  }

  @Test
  void childWhoseChainDoesNotExtendParentIsRejected() {
    IssuedCredential parent = parent(Duration.ofMinutes(10));
    LeaseRequest skipsParent =
        Leases.of(Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(1), null, Leases.FAR, List.of(), "");
    LeaseRequest claimsOther =
        Leases.of(Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(1), null, Leases.FAR,
            List.of(Leases.OTHER), "");

    assertThatThrownBy(() -> vault.lease(skipsParent, parent.lease().leaseId()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not extend");
    assertThatThrownBy(() -> vault.lease(claimsOther, parent.lease().leaseId()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(vault.activeLeases()).containsExactly(parent.lease());
  }
}
