package io.nhiguard.examples.agentdojo;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ApprovalRequest;
import io.nhiguard.api.ApprovalStatus;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.spi.ApprovalService;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The owner's side of the approval service in the replay: it forwards everything to the real
 * service, tells the current {@link Run} which step was escalated, and, when the guard waits for
 * a decision (blocking escalation), approves the request as the designated approver, as an owner
 * who approves every request would. A guard configured to answer escalations at once with
 * "pending" never waits, so nothing is approved for it.
 *
 * <p>The owner decides without knowing which calls are attacks: it sees only the approval
 * request, like the guard.
 *
 * <p>Not thread-safe in {@link #startRun(Run)}; the replay is sequential.
 *
 * @since 0.1.0
 */
public final class OwnerDesk implements ApprovalService {

  private final ApprovalService delegate;
  private Run run;
  private int approved;

  /**
   * Wraps an approval service.
   *
   * @param delegate the real service
   * @throws NullPointerException if {@code delegate} is null
   */
  public OwnerDesk(ApprovalService delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Points the desk at the run being replayed.
   *
   * @param value the run
   * @throws NullPointerException if {@code value} is null
   */
  public void startRun(Run value) {
    this.run = Objects.requireNonNull(value, "run");
  }

  /**
   * Returns how many requests the owner approved so far.
   *
   * @return the count
   */
  public int approvedCount() {
    return approved;
  }

  @Override
  public ApprovalRequest submit(AuthorizationRequest request, Decision.Escalate decision) {
    ApprovalRequest r = delegate.submit(request, decision);
    if (run != null) {
      run.escalated(decision.ruleIds());
    }
    return r;
  }

  @Override
  public ApprovalStatus await(String requestId, Duration timeout) {
    Optional<ApprovalRequest> r = delegate.find(requestId);
    if (r.isPresent() && r.get().status() == ApprovalStatus.PENDING) {
      delegate.approve(requestId, r.get().approver());
      approved++;
    }
    return delegate.await(requestId, timeout);
  }

  @Override
  public CompletableFuture<ApprovalStatus> decision(String requestId) {
    return delegate.decision(requestId);
  }

  @Override
  public ApprovalRequest approve(String requestId, String approver) {
    return delegate.approve(requestId, approver);
  }

  @Override
  public ApprovalRequest reject(String requestId, String approver, String reason) {
    return delegate.reject(requestId, approver, reason);
  }

  @Override
  public Optional<ApprovalRequest> consume(AgentId agent, String taskId, String toolName, String argumentDigest) {
    return delegate.consume(agent, taskId, toolName, argumentDigest);
  }

  @Override
  public Optional<ApprovalRequest> find(String requestId) {
    return delegate.find(requestId);
  }

  @Override
  public List<ApprovalRequest> pending() {
    return delegate.pending();
  }

  @Override
  public String defaultApprover(AgentIdentity identity) {
    return delegate.defaultApprover(identity);
  }
}
