package io.nhiguard.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The public facts of a leased credential: who holds it (agent and task), for which audience and
 * scope, when it was issued and when it expires, through which delegation chain, and, when it is
 * bound to one call, the argument digest. It holds no secret; see {@link IssuedCredential}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param leaseId the lease id, also the token's {@code jti}
 * @param agent the holder
 * @param taskId the task the lease belongs to
 * @param audience the destination the credential is valid for (RFC 7519 {@code aud})
 * @param scope the permitted actions (RFC 8693 {@code scope})
 * @param issuedAt when it was issued (wall-clock)
 * @param expiresAt when it expires; a credential is invalid at and after this instant
 * @param delegationChain the delegating agents, root first (RFC 8693 {@code act})
 * @param argumentDigest the digest of the call it is bound to, or {@code ""} for a task-wide lease
 * @since 0.1.0
 */
public record CredentialLease(
    String leaseId,
    AgentId agent,
    String taskId,
    String audience,
    Set<String> scope,
    Instant issuedAt,
    Instant expiresAt,
    List<AgentId> delegationChain,
    String argumentDigest) {
  /**
   * Validates a lease.
   *
   * @param leaseId the {@code leaseId} component
   * @param agent the {@code agent} component
   * @param taskId the {@code taskId} component
   * @param audience the {@code audience} component
   * @param scope the {@code scope} component
   * @param issuedAt the {@code issuedAt} component
   * @param expiresAt the {@code expiresAt} component
   * @param delegationChain the {@code delegationChain} component
   * @param argumentDigest the {@code argumentDigest} component
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if {@code expiresAt} is not after {@code issuedAt}
   */
  public CredentialLease {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(audience, "audience");
    scope = Set.copyOf(Objects.requireNonNull(scope, "scope"));
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    delegationChain = List.copyOf(Objects.requireNonNull(delegationChain, "delegationChain"));
    Objects.requireNonNull(argumentDigest, "argumentDigest");
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException(
          "Lease '" + leaseId + "' expiresAt " + expiresAt + " must be after issuedAt " + issuedAt);
    }
  }
}
