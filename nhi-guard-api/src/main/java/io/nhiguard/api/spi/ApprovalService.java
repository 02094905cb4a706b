package io.nhiguard.api.spi;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ApprovalException;
import io.nhiguard.api.ApprovalRequest;
import io.nhiguard.api.ApprovalStatus;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Routes escalated calls to humans. An approval is bound to the call's argument digest, is single
 * use, expires, and can never be granted by the requesting agent or its delegates.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface ApprovalService {

  /**
   * Creates an approval request for an escalated call, or returns the pending one for the same
   * agent, task, tool and digest.
   *
   * @param request the authorization request that was escalated
   * @param decision the escalation
   * @return the request
   * @throws ApprovalException if the agent has made too many requests recently (rate limit)
   * @throws NullPointerException if an argument is null
   */
  ApprovalRequest submit(AuthorizationRequest request, Decision.Escalate decision);

  /**
   * Waits for a decision.
   *
   * @param requestId the request id
   * @param timeout the longest wait; positive
   * @return the status after the wait; {@link ApprovalStatus#EXPIRED} if none arrived in time (the
   *     request then expires)
   * @throws IllegalArgumentException if the request is unknown or the timeout not positive
   * @throws NullPointerException if an argument is null
   */
  ApprovalStatus await(String requestId, Duration timeout);

  /**
   * Returns a future completed when the request is approved, rejected or expires.
   *
   * @param requestId the request id
   * @return the future
   * @throws IllegalArgumentException if the request is unknown
   * @throws NullPointerException if {@code requestId} is null
   */
  CompletableFuture<ApprovalStatus> decision(String requestId);

  /**
   * Approves a request.
   *
   * @param requestId the request id
   * @param approver the approving principal's id
   * @return the updated request
   * @throws ApprovalException if the approver is not allowed (not the designated approver, or the
   *     requesting agent or one of its delegation chain), or the request is not pending
   * @throws NullPointerException if an argument is null
   */
  ApprovalRequest approve(String requestId, String approver);

  /**
   * Rejects a request.
   *
   * @param requestId the request id
   * @param approver the rejecting principal's id
   * @param reason why
   * @return the updated request
   * @throws ApprovalException if the approver is not allowed or the request is not pending
   * @throws NullPointerException if an argument is null
   */
  ApprovalRequest reject(String requestId, String approver, String reason);

  /**
   * Uses an approval once: moves an approved request for exactly this agent, task, tool and digest
   * to {@link ApprovalStatus#CONSUMED}.
   *
   * @param agent the agent
   * @param taskId the task
   * @param toolName the tool
   * @param argumentDigest the digest of the arguments about to run
   * @return the consumed request, or empty if no unexpired approval matches
   * @throws NullPointerException if an argument is null
   */
  Optional<ApprovalRequest> consume(AgentId agent, String taskId, String toolName, String argumentDigest);

  /**
   * Looks a request up.
   *
   * @param requestId the id
   * @return the request
   * @throws NullPointerException if {@code requestId} is null
   */
  Optional<ApprovalRequest> find(String requestId);

  /**
   * Lists pending requests.
   *
   * @return a snapshot
   */
  List<ApprovalRequest> pending();

  /**
   * Returns the principal that must approve calls of an identity when the policy says {@code
   * owner}.
   *
   * @param identity the identity
   * @return the owner's principal id
   * @throws NullPointerException if {@code identity} is null
   */
  default String defaultApprover(AgentIdentity identity) {
    return identity.owner().id();
  }
}
