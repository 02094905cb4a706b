package io.nhiguard.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request to a human to approve one escalated call, bound to its argument digest.
 *
 * <p>Instances are immutable snapshots and thread-safe.
 *
 * @param requestId the request id
 * @param agent the requesting agent
 * @param delegationChain its delegation chain, root first
 * @param taskId the task
 * @param toolName the tool
 * @param argumentDigest the digest of the exact arguments to approve
 * @param decisionId the escalation decision's id
 * @param reason why the call was escalated (the decision's explanation)
 * @param approver the principal id that may approve (the owner's id by default)
 * @param createdAt when the request was made
 * @param expiresAt when it expires unanswered
 * @param status the current status
 * @param decidedBy who decided, or {@code ""}
 * @since 0.1.0
 */
public record ApprovalRequest(
    String requestId,
    AgentId agent,
    List<AgentId> delegationChain,
    String taskId,
    String toolName,
    String argumentDigest,
    String decisionId,
    String reason,
    String approver,
    Instant createdAt,
    Instant expiresAt,
    ApprovalStatus status,
    String decidedBy) {
  /**
   * Validates a request.
   *
   * @param requestId the {@code requestId} component
   * @param agent the {@code agent} component
   * @param delegationChain the {@code delegationChain} component
   * @param taskId the {@code taskId} component
   * @param toolName the {@code toolName} component
   * @param argumentDigest the {@code argumentDigest} component
   * @param decisionId the {@code decisionId} component
   * @param reason the {@code reason} component
   * @param approver the {@code approver} component
   * @param createdAt the {@code createdAt} component
   * @param expiresAt the {@code expiresAt} component
   * @param status the {@code status} component
   * @param decidedBy the {@code decidedBy} component
   * @throws NullPointerException if any component is null
   */
  public ApprovalRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(agent, "agent");
    delegationChain = List.copyOf(Objects.requireNonNull(delegationChain, "delegationChain"));
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(argumentDigest, "argumentDigest");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(decidedBy, "decidedBy");
  }
}
