package io.nhiguard.core.identity;

import static io.nhiguard.core.identity.TestIdentities.CREATED;
import static io.nhiguard.core.identity.TestIdentities.agent;
import static io.nhiguard.core.identity.TestIdentities.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.ReasonCode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class IdentityChecksTest {

  private static final Instant REVIEW = CREATED.plus(Duration.ofDays(30));
  private static final Instant EXPIRY = CREATED.plus(Duration.ofDays(90));

  /** Time points: before review, at review, after review, at expiry, after expiry. */
  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @CsvSource({
    "ACTIVE,         P1D,    NONE",
    "ACTIVE,         PT0S,   NONE",
    "ACTIVE,         REVIEW-1MS, NONE",
    "ACTIVE,         REVIEW, IDENTITY_REVIEW_OVERDUE",
    "ACTIVE,         P31D,   IDENTITY_REVIEW_OVERDUE",
    "ACTIVE,         EXPIRY-1MS, IDENTITY_REVIEW_OVERDUE",
    "ACTIVE,         EXPIRY, IDENTITY_EXPIRED",
    "ACTIVE,         P365D,  IDENTITY_EXPIRED",
    "PROVISIONED,    P1D,    IDENTITY_NOT_ACTIVE",
    "PROVISIONED,    P365D,  IDENTITY_NOT_ACTIVE",
    "SUSPENDED,      P1D,    IDENTITY_NOT_ACTIVE",
    "SUSPENDED,      EXPIRY, IDENTITY_NOT_ACTIVE",
    "REVOKED,        P1D,    IDENTITY_REVOKED",
    "REVOKED,        P365D,  IDENTITY_REVOKED",
    "DECOMMISSIONED, P1D,    IDENTITY_REVOKED",
    "DECOMMISSIONED, REVIEW, IDENTITY_REVOKED",
  })
  void denialReasonWhenStateAndTimeThenDistinctReason(LifecycleState state, String when, String expected) {
    AgentIdentity identity = agent("billing", b -> b.state(state));
    Instant now = instant(when);

    Optional<ReasonCode> reason = IdentityChecks.denialReason(identity, now);

    if (expected.equals("NONE")) {
      assertThat(reason).isEmpty();
      assertThat(IdentityChecks.isUsable(identity, now)).isTrue();
    } else {
      assertThat(reason).contains(ReasonCode.valueOf(expected));
      assertThat(IdentityChecks.isUsable(identity, now)).isFalse();
    }
  }

  @Test
  void denialReasonWhenOnlyActiveBeforeBothInstantsThenPermittedForEveryStateCombination() {
    Set<ReasonCode> seen = EnumSet.noneOf(ReasonCode.class);
    for (LifecycleState state : LifecycleState.values()) {
      for (Instant now : new Instant[] {CREATED, REVIEW, EXPIRY}) {
        AgentIdentity identity = agent("billing", b -> b.state(state));
        Optional<ReasonCode> reason = IdentityChecks.denialReason(identity, now);
        assertThat(reason.isEmpty()).isEqualTo(state == LifecycleState.ACTIVE && now.isBefore(REVIEW));
        reason.ifPresent(seen::add);
      }
    }
    assertThat(seen)
        .containsExactlyInAnyOrder(
            ReasonCode.IDENTITY_REVOKED,
            ReasonCode.IDENTITY_NOT_ACTIVE,
            ReasonCode.IDENTITY_EXPIRED,
            ReasonCode.IDENTITY_REVIEW_OVERDUE);
  }

  @Test
  void AC_48_denialReasonWhenNowEqualsExpiryThenExpired() {
    AgentIdentity identity = agent("billing", b -> b.state(LifecycleState.ACTIVE).reviewDueAt(EXPIRY));

    assertThat(IdentityChecks.denialReason(identity, EXPIRY.minusNanos(1))).isEmpty();
    assertThat(IdentityChecks.denialReason(identity, EXPIRY)).contains(ReasonCode.IDENTITY_EXPIRED);
  }

  @Test
  void explainWhenEachReasonThenNamesStateOrInstantAndRemedy() {
    assertThat(IdentityChecks.explain(agent("b", x -> x.state(LifecycleState.REVOKED)), CREATED))
        .isEqualTo(
            "Agent 'spiffe://example.org/agent/b' is REVOKED: revocation is final; register a new identity");
    assertThat(IdentityChecks.explain(agent("b", x -> x.state(LifecycleState.SUSPENDED)), CREATED))
        .isEqualTo(
            "Agent 'spiffe://example.org/agent/b' is SUSPENDED, expected ACTIVE; its owner or an administrator"
                + " must activate or resume it");
    assertThat(IdentityChecks.explain(agent("b", x -> x.state(LifecycleState.ACTIVE)), EXPIRY.plusSeconds(90)))
        .isEqualTo(
            "Agent 'spiffe://example.org/agent/b' expired at 2026-04-01T00:00:00Z (PT1M30S ago);"
                + " register a successor with a new expiry");
    assertThat(IdentityChecks.explain(agent("b", x -> x.state(LifecycleState.ACTIVE)), REVIEW.plusSeconds(3600)))
        .isEqualTo(
            "Agent 'spiffe://example.org/agent/b' was due for owner re-certification at 2026-01-31T00:00:00Z"
                + " (PT1H ago); its owner 'alice@example.org' must re-certify it"
                + " (InMemoryIdentityRegistry.recertify)");
    assertThat(IdentityChecks.explain(agent("b", x -> x.state(LifecycleState.ACTIVE)), CREATED))
        .isEqualTo(
            "Agent 'spiffe://example.org/agent/b' is ACTIVE, valid until 2026-04-01T00:00:00Z"
                + " and re-certified until 2026-01-31T00:00:00Z");
    assertThat(IdentityChecks.explainUnknown(id("ghost")))
        .isEqualTo(
            "Agent 'spiffe://example.org/agent/ghost' is not a registered identity; register it with an owner"
                + " and a purpose");
  }

  @Test
  void publicMethodsWhenNullThenNullPointerException() {
    AgentIdentity identity = agent("b");
    assertThatNullPointerException().isThrownBy(() -> IdentityChecks.denialReason(null, CREATED));
    assertThatNullPointerException().isThrownBy(() -> IdentityChecks.denialReason(identity, null));
    assertThatNullPointerException().isThrownBy(() -> IdentityChecks.isUsable(null, CREATED));
    assertThatNullPointerException().isThrownBy(() -> IdentityChecks.explain(identity, null));
    assertThatNullPointerException().isThrownBy(() -> IdentityChecks.explain(null, CREATED));
    assertThatNullPointerException().isThrownBy(() -> IdentityChecks.explainUnknown(null));
  }

  private static Instant instant(String when) {
    switch (when) {
      case "REVIEW":
        return REVIEW;
      case "REVIEW-1MS":
        return REVIEW.minusMillis(1);
      case "EXPIRY":
        return EXPIRY;
      case "EXPIRY-1MS":
        return EXPIRY.minusMillis(1);
      default:
        return CREATED.plus(Duration.parse(when));
    }
  }
}
