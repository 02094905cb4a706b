package io.nhiguard.core.identity;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity checks made before any policy is evaluated: only an {@code ACTIVE} identity that has
 * neither expired nor missed its owner re-certification may be permitted anything.
 *
 * <p>The checks run in a fixed order and the first failing one names the denial, so each cause has
 * its own reason code:
 *
 * <ol>
 *   <li>{@code REVOKED} or {@code DECOMMISSIONED}: {@link ReasonCode#IDENTITY_REVOKED};
 *   <li>{@code PROVISIONED} or {@code SUSPENDED}: {@link ReasonCode#IDENTITY_NOT_ACTIVE};
 *   <li>{@code now >= expiresAt}: {@link ReasonCode#IDENTITY_EXPIRED};
 *   <li>{@code now >= reviewDueAt}: {@link ReasonCode#IDENTITY_REVIEW_OVERDUE}.
 * </ol>
 *
 * <p>Instants are half-open validity bounds, as the JWT {@code exp} claim is (RFC 7519, section
 * 4.1.4): an identity whose expiry equals the current instant has expired. Callers must pass the
 * identity as currently registered (look it up on every call), never a copy held from earlier, so
 * a revocation is seen by the next call.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class IdentityChecks {

  private IdentityChecks() {}

  /**
   * Returns why an identity may not act at an instant, or empty if it may (subject to policy).
   *
   * @param identity the identity as currently registered
   * @param now the instant of the decision (wall-clock time)
   * @return {@link ReasonCode#IDENTITY_REVOKED}, {@link ReasonCode#IDENTITY_NOT_ACTIVE}, {@link
   *     ReasonCode#IDENTITY_EXPIRED} or {@link ReasonCode#IDENTITY_REVIEW_OVERDUE}, first match in
   *     that order; empty if none applies
   * @throws NullPointerException if an argument is null
   */
  public static Optional<ReasonCode> denialReason(AgentIdentity identity, Instant now) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(now, "now");
    switch (identity.state()) {
      case REVOKED:
      case DECOMMISSIONED:
        return Optional.of(ReasonCode.IDENTITY_REVOKED);
      case PROVISIONED:
      case SUSPENDED:
        return Optional.of(ReasonCode.IDENTITY_NOT_ACTIVE);
      case ACTIVE:
        break;
      default:
        throw new IllegalStateException("Unhandled lifecycle state " + identity.state());
    }
    if (!now.isBefore(identity.expiresAt())) {
      return Optional.of(ReasonCode.IDENTITY_EXPIRED);
    }
    if (!now.isBefore(identity.reviewDueAt())) {
      return Optional.of(ReasonCode.IDENTITY_REVIEW_OVERDUE);
    }
    return Optional.empty();
  }

  /**
   * Returns whether an identity may act at an instant, subject to policy.
   *
   * @param identity the identity as currently registered
   * @param now the instant of the decision
   * @return true if {@link #denialReason(AgentIdentity, Instant)} is empty
   * @throws NullPointerException if an argument is null
   */
  public static boolean isUsable(AgentIdentity identity, Instant now) {
    return denialReason(identity, now).isEmpty();
  }

  /**
   * Explains the outcome of {@link #denialReason(AgentIdentity, Instant)} in one sentence with the
   * state or instants involved and the remedy.
   *
   * @param identity the identity as currently registered
   * @param now the instant of the decision
   * @return the explanation; for a usable identity, a sentence saying so
   * @throws NullPointerException if an argument is null
   */
  public static String explain(AgentIdentity identity, Instant now) {
    Optional<ReasonCode> reason = denialReason(identity, now);
    String agent = "Agent '" + identity.id() + "'";
    if (reason.isEmpty()) {
      return agent
          + " is ACTIVE, valid until "
          + identity.expiresAt()
          + " and re-certified until "
          + identity.reviewDueAt();
    }
    switch (reason.get()) {
      case IDENTITY_REVOKED:
        return agent + " is " + identity.state() + ": revocation is final; register a new identity";
      case IDENTITY_NOT_ACTIVE:
        return agent
            + " is "
            + identity.state()
            + ", expected ACTIVE; its owner or an administrator must activate or resume it";
      case IDENTITY_EXPIRED:
        return agent
            + " expired at "
            + identity.expiresAt()
            + " ("
            + Duration.between(identity.expiresAt(), now)
            + " ago); register a successor with a new expiry";
      case IDENTITY_REVIEW_OVERDUE:
        return agent
            + " was due for owner re-certification at "
            + identity.reviewDueAt()
            + " ("
            + Duration.between(identity.reviewDueAt(), now)
            + " ago); its owner '"
            + SafeText.quote(identity.owner().id())
            + "' must re-certify it (InMemoryIdentityRegistry.recertify)";
      default:
        throw new IllegalStateException("Unhandled reason " + reason.get());
    }
  }

  /**
   * Explains a denial with {@link ReasonCode#UNKNOWN_IDENTITY}: the agent is not registered.
   *
   * @param id the unregistered agent's SPIFFE ID
   * @return the explanation
   * @throws NullPointerException if {@code id} is null
   */
  public static String explainUnknown(AgentId id) {
    Objects.requireNonNull(id, "id");
    return "Agent '" + id + "' is not a registered identity; register it with an owner and a purpose";
  }
}
