package io.nhiguard.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How a task came to an agent from another: the parent agent and task, the chain of delegating
 * agents (root first, ending with the parent), the effective (already narrowed) scope, and when
 * the delegation ends (never after the parent's end).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param parentAgent the delegating agent
 * @param parentTaskId the delegating task
 * @param chain the delegating agents, root first, ending with {@code parentAgent}
 * @param effectiveScope the scope after intersection with every ancestor
 * @param expiresAt when the delegation ends
 * @since 0.1.0
 */
public record Delegation(
    AgentId parentAgent, String parentTaskId, List<AgentId> chain, DelegationScope effectiveScope, Instant expiresAt) {
  /**
   * Validates a delegation.
   *
   * @param parentAgent the {@code parentAgent} component
   * @param parentTaskId the {@code parentTaskId} component
   * @param chain the {@code chain} component
   * @param effectiveScope the {@code effectiveScope} component
   * @param expiresAt the {@code expiresAt} component
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if the chain is empty or does not end with the parent
   */
  public Delegation {
    Objects.requireNonNull(parentAgent, "parentAgent");
    Objects.requireNonNull(parentTaskId, "parentTaskId");
    chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
    Objects.requireNonNull(effectiveScope, "effectiveScope");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (chain.isEmpty() || !chain.get(chain.size() - 1).equals(parentAgent)) {
      throw new IllegalArgumentException("Delegation chain must end with the parent agent '" + parentAgent + "'");
    }
  }
}
