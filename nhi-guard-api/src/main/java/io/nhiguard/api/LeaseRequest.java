package io.nhiguard.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A request for a just-in-time credential.
 *
 * <p>The vault grants a TTL no longer than the requested TTL, the policy cap, its own per-action
 * limit, the time left to {@code notAfter} (the task deadline or a parent's expiry), and never
 * replaces a missing or non-positive TTL with a default.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param agent the holder
 * @param taskId the task
 * @param audience the destination
 * @param scope the permitted actions, non-empty
 * @param action the action kind, which selects the vault's TTL limit
 * @param requestedTtl the TTL asked for; must be positive
 * @param policyCap the cap from the decision's obligations, or {@code null}
 * @param notAfter the latest instant the credential may live to (task deadline, parent expiry)
 * @param delegationChain the delegating agents, root first
 * @param argumentDigest the digest of the call the credential is bound to, or {@code ""}
 * @since 0.1.0
 */
public record LeaseRequest(
    AgentId agent,
    String taskId,
    String audience,
    Set<String> scope,
    ActionKind action,
    Duration requestedTtl,
    Duration policyCap,
    Instant notAfter,
    List<AgentId> delegationChain,
    String argumentDigest) {
  /**
   * Validates the presence of the parts; the vault validates TTLs and says why it refuses.
   *
   * @param agent the {@code agent} component
   * @param taskId the {@code taskId} component
   * @param audience the {@code audience} component
   * @param scope the {@code scope} component
   * @param action the {@code action} component
   * @param requestedTtl the {@code requestedTtl} component
   * @param policyCap the {@code policyCap} component
   * @param notAfter the {@code notAfter} component
   * @param delegationChain the {@code delegationChain} component
   * @param argumentDigest the {@code argumentDigest} component
   * @throws NullPointerException if a required component is null ({@code requestedTtl} is
   *     required: a missing TTL is never replaced by a default)
   */
  public LeaseRequest {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(audience, "audience");
    scope = Set.copyOf(Objects.requireNonNull(scope, "scope"));
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestedTtl, "requestedTtl");
    Objects.requireNonNull(notAfter, "notAfter");
    delegationChain = List.copyOf(Objects.requireNonNull(delegationChain, "delegationChain"));
    Objects.requireNonNull(argumentDigest, "argumentDigest");
  }
}
