package io.nhiguard.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.CredentialClaims;
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
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

final class InMemoryCredentialVaultTest {

  private static final String DIGEST = "sha256-8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4";

  private final MutableClock clock = MutableClock.at("2026-11-30T10:00:00Z");
  private final InMemoryCredentialVault vault =
      InMemoryCredentialVault.builder().clock(clock).issuer("https://vault.example.org").build();

  private static VerificationExpectations audience() {
    return VerificationExpectations.audience(Leases.AUDIENCE);
  }

  private static void assertFailure(ThrowingCallable call, Failure failure) {
    assertThatThrownBy(call)
        .isInstanceOf(CredentialVerificationException.class)
        .satisfies(e -> assertThat(((CredentialVerificationException) e).failure()).isEqualTo(failure));
  }

  // ------------------------------------------------------------------ leasing and claims

  @Test
  void leaseWhenTaskTokenThenClaimsMatchLease() {
    IssuedCredential issued = vault.lease(Leases.task(Duration.ofMinutes(2)));
    CredentialLease lease = issued.lease();

    CredentialClaims claims = vault.verify(issued.token().reveal(), audience());

    assertThat(issued.token().reveal().split("\\.", -1)).hasSize(3);
    assertThat(claims.issuer()).isEqualTo("https://vault.example.org");
    assertThat(claims.subject()).isEqualTo(Leases.AGENT);
    assertThat(claims.audience()).isEqualTo(Leases.AUDIENCE);
    assertThat(claims.scope()).containsExactly("invoice:read");
    assertThat(claims.tokenId()).isEqualTo(lease.leaseId());
    assertThat(claims.taskId()).isEqualTo(Leases.TASK);
    assertThat(claims.issuedAt()).isEqualTo(lease.issuedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    assertThat(claims.expiresAt()).isEqualTo(lease.expiresAt()).isEqualTo(Instant.parse("2026-11-30T10:02:00Z"));
    assertThat(claims.argumentDigest()).isEmpty();
    assertThat(claims.keyId()).isEqualTo(vault.currentKeyId());
    assertThat(vault.activeLeases()).containsExactly(lease);
  }

  @Test
  void leaseWhenCallBoundThenTokenHasFivePartsAndCarriesDigest() {
    IssuedCredential issued = vault.lease(Leases.call(Duration.ofSeconds(30), DIGEST));

    CredentialClaims claims = vault.verify(issued.token().reveal(), audience());

    assertThat(issued.token().reveal().split("\\.", -1)).hasSize(5);
    assertThat(claims.argumentDigest()).isEqualTo(DIGEST);
    assertThat(claims.tokenId()).isEqualTo(issued.lease().leaseId());
    assertThat(claims.expiresAt()).isEqualTo(Instant.parse("2026-11-30T10:00:30Z"));
    assertThat(claims.subject()).isEqualTo(Leases.AGENT);
  }

  @Test
  void leaseWhenSameTaskAndAudienceThenCallsShareOneSignedGrant() {
    String first = vault.lease(Leases.call(Duration.ofSeconds(30), DIGEST)).token().reveal();
    clock.advance(Duration.ofSeconds(5));
    String second = vault.lease(Leases.call(Duration.ofSeconds(30), "sha256-other")).token().reveal();

    String[] a = first.split("\\.");
    String[] b = second.split("\\.");
    assertThat(b[0] + b[1] + b[2]).isEqualTo(a[0] + a[1] + a[2]);
    assertThat(b[3]).isNotEqualTo(a[3]);
    assertThat(vault.verify(second, audience()).argumentDigest()).isEqualTo("sha256-other");
    assertThat(vault.verify(first, audience()).argumentDigest()).isEqualTo(DIGEST);
  }

  @Test
  void leaseWhenKeyRotatedThenNextCallGetsGrantFromNewKey() {
    String before = vault.lease(Leases.call(Duration.ofSeconds(30), DIGEST)).token().reveal();
    String kid = vault.rotateKey();
    String after = vault.lease(Leases.call(Duration.ofSeconds(30), DIGEST)).token().reveal();

    assertThat(vault.verify(after, audience()).keyId()).isEqualTo(kid);
    assertThat(vault.verify(before, audience()).keyId()).isNotEqualTo(kid);
  }

  @Test
  void leaseWhenDelegatedThenActChainRoundTripsRootFirst() {
    AgentId root = AgentId.agent("example.org", "root");
    LeaseRequest request =
        Leases.of(
            Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(1), null, Leases.FAR,
            List.of(root, Leases.PARENT), "");

    CredentialClaims claims = vault.verify(vault.lease(request).token().reveal(), audience());

    assertThat(claims.actors()).containsExactly(root, Leases.PARENT);
  }

  @Test
  void issuedCredentialWhenPrintedOrDestroyedThenSecretHidden() {
    IssuedCredential issued = vault.lease(Leases.task(Duration.ofMinutes(1)));

    assertThat(issued.token().toString()).isEqualTo("<redacted>");
    assertThat(issued.toString()).doesNotContain(issued.token().reveal());
    issued.destroy();
    assertThat(issued.isDestroyed()).isTrue();
    assertThatThrownBy(() -> issued.token().reveal()).isInstanceOf(IllegalStateException.class);
  }

  // ------------------------------------------------------------------ TTL rules (AC-52)

  @Test
  void AC_52_zeroTtlIsRejected() {
    assertThatThrownBy(() -> vault.lease(Leases.task(Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S")
        .hasMessageContaining("not positive");
  }

  @Test
  void AC_52_parsedPT0STtlIsRejected() {
    assertThatThrownBy(() -> vault.lease(Leases.task(Duration.parse("PT0S"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void AC_52_negativeTtlIsRejected() {
    assertThatThrownBy(() -> vault.lease(Leases.call(Duration.ofSeconds(-1), DIGEST)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
  }

  @Test
  void AC_52_nullTtlIsRejectedByTheRequest() {
    assertThatThrownBy(() -> Leases.task(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("requestedTtl");
  }

  @Test
  void AC_52_ttlAboveAbsoluteMaximumIsRejectedNotClamped() {
    assertThatThrownBy(() -> vault.lease(Leases.task(Duration.ofDays(365))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT8760H")
        .hasMessageContaining("absolute maximum PT24H");
    assertThat(vault.activeLeases()).isEmpty();
  }

  @Test
  void AC_52_ttlBelowMaximumIsClampedToActionLimitVisibly() {
    CredentialLease lease = vault.lease(Leases.task(Duration.ofHours(1))).lease();

    assertThat(Duration.between(lease.issuedAt(), lease.expiresAt())).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void leaseWhenPaymentThenClampedToOneMinute() {
    LeaseRequest request =
        Leases.of(Leases.AGENT, Leases.TASK, ActionKind.PAYMENT, Duration.ofMinutes(10), null, Leases.FAR, List.of(), "");

    CredentialLease lease = vault.lease(request).lease();

    assertThat(Duration.between(lease.issuedAt(), lease.expiresAt())).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void leaseWhenPolicyCapSmallerThenCapWins() {
    LeaseRequest request =
        Leases.of(
            Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(10), Duration.ofSeconds(20), Leases.FAR,
            List.of(), DIGEST);

    CredentialLease lease = vault.lease(request).lease();

    assertThat(lease.expiresAt()).isEqualTo(Instant.parse("2026-11-30T10:00:20Z"));
  }

  @Test
  void leaseWhenPolicyCapNotPositiveThenRejected() {
    LeaseRequest request =
        Leases.of(Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(1), Duration.ZERO, Leases.FAR, List.of(), "");

    assertThatThrownBy(() -> vault.lease(request)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void leaseWhenConfiguredLimitThenUsed() {
    InMemoryCredentialVault custom =
        InMemoryCredentialVault.builder().clock(clock).ttlLimit(ActionKind.READ, Duration.ofSeconds(45)).build();

    CredentialLease lease = custom.lease(Leases.task(Duration.ofMinutes(10))).lease();

    assertThat(custom.ttlLimit(ActionKind.READ)).isEqualTo(Duration.ofSeconds(45));
    assertThat(lease.expiresAt()).isEqualTo(Instant.parse("2026-11-30T10:00:45Z"));
  }

  @Test
  void leaseWhenDeadlineSoonerThenTruncatedToDeadlineSecond() {
    clock.set(Instant.parse("2026-11-30T10:00:00.400Z"));
    LeaseRequest request =
        Leases.of(
            Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(10), null,
            Instant.parse("2026-11-30T10:00:30.900Z"), List.of(), "");

    CredentialLease lease = vault.lease(request).lease();

    assertThat(lease.expiresAt()).isEqualTo(Instant.parse("2026-11-30T10:00:30Z"));
    assertThat(lease.issuedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
  }

  @Test
  void leaseWhenDeadlinePassedThenRejected() {
    LeaseRequest request =
        Leases.of(
            Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(1), null,
            Instant.parse("2026-11-30T10:00:00Z"), List.of(), "");

    assertThatThrownBy(() -> vault.lease(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notAfter");
  }

  @Test
  void leaseWhenLessThanASecondLeftThenUnavailable() {
    LeaseRequest request =
        Leases.of(
            Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(1), null,
            Instant.parse("2026-11-30T10:00:00.500Z"), List.of(), "");
    clock.set(Instant.parse("2026-11-30T10:00:00.100Z"));

    assertThatThrownBy(() -> vault.lease(request)).isInstanceOf(CredentialUnavailableException.class);
  }

  @Test
  void leaseWhenScopeOrTextInvalidThenRejected() {
    LeaseRequest spaced =
        new LeaseRequest(
            Leases.AGENT, Leases.TASK, Leases.AUDIENCE, Set.of("a b"), ActionKind.READ, Duration.ofMinutes(1), null,
            Leases.FAR, List.of(), "");
    LeaseRequest empty =
        new LeaseRequest(
            Leases.AGENT, "", Leases.AUDIENCE, Set.of("a"), ActionKind.READ, Duration.ofMinutes(1), null, Leases.FAR,
            List.of(), "");
    LeaseRequest noScope =
        new LeaseRequest(
            Leases.AGENT, Leases.TASK, Leases.AUDIENCE, Set.of(), ActionKind.READ, Duration.ofMinutes(1), null,
            Leases.FAR, List.of(), "");

    assertThatThrownBy(() -> vault.lease(spaced)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> vault.lease(empty)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> vault.lease(noScope)).isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ builder (AC-48)

  @Test
  void AC_48_negativeClockSkewIsRejectedAtBuild() {
    assertThatThrownBy(() -> InMemoryCredentialVault.builder().clockSkew(Duration.ofSeconds(-5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-5S");
  }

  @Test
  void AC_48_excessiveClockSkewIsRejectedAtBuild() {
    assertThatThrownBy(() -> InMemoryCredentialVault.builder().clockSkew(Duration.ofHours(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT1H");
  }

  @Test
  void AC_48_boundarySkewsAreAccepted() {
    assertThat(InMemoryCredentialVault.builder().clockSkew(Duration.ZERO).build().clockSkew()).isZero();
    assertThat(InMemoryCredentialVault.builder().clockSkew(Duration.ofMinutes(5)).build().clockSkew())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void builderWhenOptionSetTwiceThenIllegalState() {
    InMemoryCredentialVault.Builder builder = InMemoryCredentialVault.builder().clock(clock).issuer("a");

    assertThatThrownBy(() -> builder.clock(clock)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder.issuer("b")).isInstanceOf(IllegalStateException.class);
    builder.ttlLimit(ActionKind.READ, Duration.ofMinutes(1));
    assertThatThrownBy(() -> builder.ttlLimit(ActionKind.READ, Duration.ofMinutes(2)))
        .isInstanceOf(IllegalStateException.class);
    builder.maxTtl(Duration.ofHours(1));
    assertThatThrownBy(() -> builder.maxTtl(Duration.ofHours(2))).isInstanceOf(IllegalStateException.class);
    builder.clockSkew(Duration.ZERO);
    assertThatThrownBy(() -> builder.clockSkew(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderWhenLimitsOrMaximumInvalidThenRejectedAtBuild() {
    assertThatThrownBy(() -> InMemoryCredentialVault.builder().maxTtl(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemoryCredentialVault.builder().maxTtl(Duration.ofDays(30)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> InMemoryCredentialVault.builder().ttlLimit(ActionKind.WRITE, Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                InMemoryCredentialVault.builder()
                    .maxTtl(Duration.ofMinutes(10))
                    .ttlLimit(ActionKind.WRITE, Duration.ofMinutes(11))
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemoryCredentialVault.builder().issuer("bad\nissuer"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderWhenMaximumBelowDefaultLimitsThenLimitsClampedToMaximum() {
    InMemoryCredentialVault small = InMemoryCredentialVault.builder().maxTtl(Duration.ofMinutes(2)).build();

    assertThat(small.ttlLimit(ActionKind.READ)).isEqualTo(Duration.ofMinutes(2));
    assertThat(small.ttlLimit(ActionKind.PAYMENT)).isEqualTo(Duration.ofMinutes(1));
  }

  // ------------------------------------------------------------------ time (AC-48)

  @Test
  void AC_48_expEqualToNowIsExpired() {
    String task = vault.lease(Leases.task(Duration.ofSeconds(60))).token().reveal();
    String call = vault.lease(Leases.call(Duration.ofSeconds(60), DIGEST)).token().reveal();
    clock.advance(Duration.ofSeconds(59));
    assertThat(vault.verify(task, audience())).isNotNull();
    assertThat(vault.verify(call, audience())).isNotNull();

    clock.advance(Duration.ofSeconds(1));

    assertFailure(() -> vault.verify(task, audience()), Failure.EXPIRED);
    assertFailure(() -> vault.verify(call, audience()), Failure.EXPIRED);
  }

  @Test
  void AC_48_pastExpWithZeroSkewIsExpired() {
    String token = vault.lease(Leases.task(Duration.ofSeconds(60))).token().reveal();
    clock.advance(Duration.ofSeconds(61));

    assertFailure(() -> vault.verify(token, audience()), Failure.EXPIRED);
  }

  @Test
  void AC_48_skewExtendsAcceptanceByExactlyTheSkew() {
    InMemoryCredentialVault skewed = InMemoryCredentialVault.builder().clock(clock).clockSkew(Duration.ofSeconds(30)).build();
    String token = skewed.lease(Leases.task(Duration.ofSeconds(60))).token().reveal();

    clock.advance(Duration.ofSeconds(89));
    assertThat(skewed.verify(token, audience())).isNotNull();
    clock.advance(Duration.ofSeconds(1));
    assertFailure(() -> skewed.verify(token, audience()), Failure.EXPIRED);
  }

  @Test
  void AC_48_futureNbfWithZeroSkewIsNotYetValid() {
    long now = clock.instant().getEpochSecond();
    String token =
        Forge.sign(
            vault,
            Forge.header(vault),
            Forge.claims(vault, now, now + 30, now + 120));

    assertFailure(() -> vault.verify(token, audience()), Failure.NOT_YET_VALID);
  }

  @Test
  void clockStepBackDoesNotReviveAnExpiredToken() {
    String token = vault.lease(Leases.task(Duration.ofSeconds(60))).token().reveal();
    clock.advance(Duration.ofSeconds(60));
    assertFailure(() -> vault.verify(token, audience()), Failure.EXPIRED);

    clock.set(Instant.parse("2026-11-30T10:00:10Z"));

    assertFailure(() -> vault.verify(token, audience()), Failure.EXPIRED);
  }

  // ------------------------------------------------------------------ expectations (AC-74)

  @Test
  void AC_74_wrongAudienceIsRejected() {
    String task = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String call = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();

    assertFailure(() -> vault.verify(task, VerificationExpectations.audience("https://evil.example")), Failure.WRONG_AUDIENCE);
    assertFailure(() -> vault.verify(call, VerificationExpectations.audience("https://evil.example")), Failure.WRONG_AUDIENCE);
  }

  @Test
  void AC_74_wrongHolderIsRejected() {
    String task = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String call = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();
    VerificationExpectations other = new VerificationExpectations(Leases.AUDIENCE, Leases.OTHER, null);

    assertFailure(() -> vault.verify(task, other), Failure.WRONG_HOLDER);
    assertFailure(() -> vault.verify(call, other), Failure.WRONG_HOLDER);
    assertThat(vault.verify(task, new VerificationExpectations(Leases.AUDIENCE, Leases.AGENT, Leases.TASK))).isNotNull();
  }

  @Test
  void AC_74_wrongTaskIsRejected() {
    String task = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String call = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();
    VerificationExpectations other = new VerificationExpectations(Leases.AUDIENCE, null, "task-2");

    assertFailure(() -> vault.verify(task, other), Failure.WRONG_TASK);
    assertFailure(() -> vault.verify(call, other), Failure.WRONG_TASK);
  }

  // ------------------------------------------------------------------ revocation

  @Test
  void revokeWhenLeaseActiveThenItsTokenFailsAndOthersStillVerify() {
    IssuedCredential a = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST));
    IssuedCredential b = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST));

    assertThat(vault.revoke(a.lease().leaseId())).isTrue();

    assertFailure(() -> vault.verify(a.token().reveal(), audience()), Failure.REVOKED);
    assertThat(vault.verify(b.token().reveal(), audience()).tokenId()).isEqualTo(b.lease().leaseId());
    assertThat(vault.activeLeases()).containsExactly(b.lease());
    assertThat(vault.revoke(a.lease().leaseId())).isFalse();
    assertThat(vault.revoke("unknown")).isFalse();
  }

  @Test
  void revokeTaskWhenLeasesExistThenAllFailAndNewLeasesRefused() {
    String task = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String call = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();
    String otherTask =
        vault.lease(Leases.of(Leases.AGENT, "task-2", ActionKind.READ, Duration.ofMinutes(1), null, Leases.FAR, List.of(), ""))
            .token().reveal();

    assertThat(vault.revokeTask(Leases.TASK)).isEqualTo(2);

    assertFailure(() -> vault.verify(task, audience()), Failure.REVOKED);
    assertFailure(() -> vault.verify(call, audience()), Failure.REVOKED);
    assertThat(vault.verify(otherTask, audience()).taskId()).isEqualTo("task-2");
    assertThatThrownBy(() -> vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)))
        .isInstanceOf(CredentialUnavailableException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void revokeAgentWhenHolderThenTokensFailAndNewLeasesRefused() {
    String call = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();

    assertThat(vault.revokeAgent(Leases.AGENT)).isEqualTo(1);

    assertFailure(() -> vault.verify(call, audience()), Failure.REVOKED);
    assertThatThrownBy(() -> vault.lease(Leases.task(Duration.ofMinutes(1))))
        .isInstanceOf(CredentialUnavailableException.class);
  }

  @Test
  void AC_53_childTtlIsClampedToParentRemainingAndParentRevocationKillsChild() {
    LeaseRequest parentRequest =
        Leases.of(Leases.PARENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(10), null, Leases.FAR, List.of(), "");
    CredentialLease parent = vault.lease(parentRequest).lease();
    LeaseRequest childRequest =
        Leases.of(
            Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofHours(1), null, parent.expiresAt(),
            List.of(Leases.PARENT), DIGEST);
    IssuedCredential child = vault.lease(childRequest);
    IssuedCredential childTaskWide =
        vault.lease(
            Leases.of(
                Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofHours(1), null, parent.expiresAt(),
                List.of(Leases.PARENT), ""));

    assertThat(child.lease().expiresAt()).isEqualTo(parent.expiresAt());
    assertThat(childTaskWide.lease().expiresAt()).isEqualTo(parent.expiresAt());

    assertThat(vault.revokeAgent(Leases.PARENT)).isEqualTo(3);

    assertFailure(() -> vault.verify(child.token().reveal(), audience()), Failure.REVOKED);
    assertFailure(() -> vault.verify(childTaskWide.token().reveal(), audience()), Failure.REVOKED);
    assertThatThrownBy(() -> vault.lease(childRequest)).isInstanceOf(CredentialUnavailableException.class);
    assertThat(vault.activeLeases()).isEmpty();
  }

  @Test
  void AC_53_revokedDelegatorBlocksTokensNotListedAsLeases() {
    String child =
        vault.lease(
                Leases.of(
                    Leases.AGENT, Leases.TASK, ActionKind.READ, Duration.ofMinutes(1), null, Leases.FAR,
                    List.of(Leases.PARENT), ""))
            .token().reveal();
    vault.revoke(vault.activeLeases().get(0).leaseId());
    assertFailure(() -> vault.verify(child, audience()), Failure.REVOKED);

    long now = clock.instant().getEpochSecond();
    var claims = Forge.claims(vault, now, now, now + 60);
    claims.set("act", TokenCodec.object().put("sub", Leases.PARENT.value()));
    String forgedButSigned = Forge.sign(vault, Forge.header(vault), claims);
    assertThat(vault.verify(forgedButSigned, audience()).actors()).containsExactly(Leases.PARENT);

    vault.revokeAgent(Leases.PARENT);

    assertFailure(() -> vault.verify(forgedButSigned, audience()), Failure.REVOKED);
  }

  @Test
  void revokeWhenPastExpiryButWithinSkewThenTokenStopsVerifying() {
    InMemoryCredentialVault skewed = InMemoryCredentialVault.builder().clock(clock).clockSkew(Duration.ofSeconds(30)).build();
    IssuedCredential issued = skewed.lease(Leases.call(Duration.ofSeconds(10), DIGEST));
    clock.advance(Duration.ofSeconds(20));
    assertThat(skewed.verify(issued.token().reveal(), audience())).isNotNull();
    assertThat(skewed.activeLeases()).isEmpty();

    assertThat(skewed.revoke(issued.lease().leaseId())).isTrue();

    assertFailure(() -> skewed.verify(issued.token().reveal(), audience()), Failure.REVOKED);
  }

  @Test
  void revocationEntriesExpireWithTheirTokens() {
    IssuedCredential issued = vault.lease(Leases.task(Duration.ofSeconds(30)));
    vault.revoke(issued.lease().leaseId());
    assertFailure(() -> vault.verify(issued.token().reveal(), audience()), Failure.REVOKED);

    clock.advance(Duration.ofSeconds(30));

    assertFailure(() -> vault.verify(issued.token().reveal(), audience()), Failure.EXPIRED);
    assertThat(vault.activeLeases()).isEmpty();
  }

  @Test
  void cachesEmptyOnceEveryTokenAndRevocationHasExpired() {
    for (int i = 0; i < 200; i++) {
      IssuedCredential issued = vault.lease(Leases.call(Duration.ofMinutes(1), "sha256-" + i));
      if (i % 2 == 0) {
        vault.revoke(issued.lease().leaseId());
      }
    }
    vault.revokeTask("task-9");
    vault.revokeAgent(Leases.OTHER);
    assertThat(vault.cachedEntriesForTest()).isGreaterThanOrEqualTo(200);

    clock.advance(Duration.ofMinutes(1));
    // left: the task and agent markers, and the grant (kept for the READ limit of 15 min) in two maps
    assertThat(vault.cachedEntriesForTest()).isEqualTo(4);
    clock.advance(Duration.ofMinutes(14));
    assertThat(vault.cachedEntriesForTest()).isEqualTo(2);
    clock.advance(vault.maxTtl());

    assertThat(vault.cachedEntriesForTest()).isZero();
  }

  @Test
  void activeLeasesWhenExpiredThenOmitted() {
    vault.lease(Leases.task(Duration.ofSeconds(10)));
    CredentialLease longer = vault.lease(Leases.task(Duration.ofSeconds(20))).lease();

    clock.advance(Duration.ofSeconds(10));

    assertThat(vault.activeLeases()).containsExactly(longer);
  }

  // ------------------------------------------------------------------ keys

  @Test
  void rotateKeyWhenOldTokensLiveThenOldKeyVerifiesUntilTheirExpiry() {
    String old = vault.lease(Leases.task(Duration.ofMinutes(2))).token().reveal();
    String oldKid = vault.currentKeyId();

    String newKid = vault.rotateKey();

    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(vault.verify(old, audience()).keyId()).isEqualTo(oldKid);
    assertThat(vault.jwks()).contains(oldKid).contains(newKid);
    clock.advance(Duration.ofMinutes(2));
    assertThat(vault.jwks()).doesNotContain(oldKid).contains(newKid);
    assertFailure(() -> vault.verify(old, audience()), Failure.UNKNOWN_KEY);
  }

  @Test
  void jwksWhenRenderedThenHasOnlyPublicOkpMembers() throws Exception {
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(vault.jwks());
    var key = node.get("keys").get(0);

    assertThat(node.get("keys")).hasSize(1);
    assertThat(key.get("kty").asText()).isEqualTo("OKP");
    assertThat(key.get("crv").asText()).isEqualTo("Ed25519");
    assertThat(key.get("alg").asText()).isEqualTo("EdDSA");
    assertThat(key.get("use").asText()).isEqualTo("sig");
    assertThat(key.get("kid").asText()).isEqualTo(vault.currentKeyId());
    assertThat(key.get("x").asText()).matches("[A-Za-z0-9_-]{43}");
    assertThat(key.has("d")).isFalse();
    assertThat(key.size()).isEqualTo(6);
  }
}
