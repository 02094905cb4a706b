package io.nhiguard.core;

import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ReasonCode;
import java.time.Instant;
import java.util.Optional;

/** Why an identity may not act at an instant. Stateless and thread-safe. */
final class IdentityProblems {
  private IdentityProblems() {}

  static Optional<ReasonCode> of(AgentIdentity identity, Instant now) {
    switch (identity.state()) {
      case REVOKED:
      case DECOMMISSIONED:
        return Optional.of(ReasonCode.IDENTITY_REVOKED);
      case PROVISIONED:
      case SUSPENDED:
        return Optional.of(ReasonCode.IDENTITY_NOT_ACTIVE);
      default:
        break;
    }
    if (!now.isBefore(identity.expiresAt())) {
      return Optional.of(ReasonCode.IDENTITY_EXPIRED);
    }
    if (!now.isBefore(identity.reviewDueAt())) {
      return Optional.of(ReasonCode.IDENTITY_REVIEW_OVERDUE);
    }
    return Optional.empty();
  }

  static String explain(AgentIdentity identity, ReasonCode code) {
    switch (code) {
      case IDENTITY_REVOKED:
        return "agent '" + identity.id() + "' is " + identity.state() + "; it may never act again";
      case IDENTITY_NOT_ACTIVE:
        return "agent '" + identity.id() + "' is " + identity.state() + "; activate or resume it first";
      case IDENTITY_EXPIRED:
        return "agent '" + identity.id() + "' expired at " + identity.expiresAt() + "; re-issue the identity";
      case IDENTITY_REVIEW_OVERDUE:
        return "agent '" + identity.id() + "' was due for re-certification by owner '" + identity.owner().id() + "' at " + identity.reviewDueAt();
      default:
        return "agent '" + identity.id() + "' may not act (" + code + ")";
    }
  }
}
