package io.nhiguard.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of an identity's lifecycle state or model binding, with who made it and why.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param agent the identity
 * @param from the previous state ({@code null} on registration)
 * @param to the new state
 * @param actor who made the change
 * @param reason why
 * @param at when (wall-clock)
 * @since 0.1.0
 */
public record LifecycleEvent(AgentId agent, LifecycleState from, LifecycleState to, String actor, String reason, Instant at) {
  /**
   * Validates an event.
   *
   * @param agent the {@code agent} component
   * @param from the {@code from} component
   * @param to the {@code to} component
   * @param actor the {@code actor} component
   * @param reason the {@code reason} component
   * @param at the {@code at} component
   * @throws NullPointerException if a required component is null
   */
  public LifecycleEvent {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
