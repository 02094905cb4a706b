package io.nhiguard.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a non-human identity: {@code PROVISIONED -> ACTIVE <-> SUSPENDED -> REVOKED ->
 * DECOMMISSIONED}. Only an {@link #ACTIVE} identity may be permitted anything.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum LifecycleState {
  /** Registered but not yet allowed to act. */
  PROVISIONED,
  /** Allowed to act, subject to policy. */
  ACTIVE,
  /** Temporarily stopped (for example its owner was offboarded); may be resumed. */
  SUSPENDED,
  /** Permanently stopped; its credentials are revoked. Final except for decommissioning. */
  REVOKED,
  /** Removed from service; kept only for audit. Terminal. */
  DECOMMISSIONED;

  /**
   * Returns whether the lifecycle allows a move from this state to {@code target}.
   *
   * <p>Allowed: PROVISIONED to ACTIVE, SUSPENDED, REVOKED or DECOMMISSIONED; ACTIVE to SUSPENDED or
   * REVOKED; SUSPENDED to ACTIVE or REVOKED; REVOKED to DECOMMISSIONED. Nothing leaves
   * DECOMMISSIONED, and nothing returns to PROVISIONED.
   *
   * @param target the requested state
   * @return true if the transition is legal
   * @throws NullPointerException if {@code target} is null
   */
  public boolean canTransitionTo(LifecycleState target) {
    return allowedTargets().contains(java.util.Objects.requireNonNull(target, "target"));
  }

  /**
   * Returns the states this state may move to.
   *
   * @return an unmodifiable set, empty for {@link #DECOMMISSIONED}
   */
  public Set<LifecycleState> allowedTargets() {
    switch (this) {
      case PROVISIONED:
        return Set.copyOf(EnumSet.of(ACTIVE, SUSPENDED, REVOKED, DECOMMISSIONED));
      case ACTIVE:
        return Set.copyOf(EnumSet.of(SUSPENDED, REVOKED));
      case SUSPENDED:
        return Set.copyOf(EnumSet.of(ACTIVE, REVOKED));
      case REVOKED:
        return Set.of(DECOMMISSIONED);
      default:
        return Set.of();
    }
  }
}
