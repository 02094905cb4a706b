package io.nhiguard.langchain4j;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.ApprovalRequest;
import io.nhiguard.api.ApprovalStatus;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.spi.ApprovalService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** A map-backed approval service for tests; submitted requests are also queued for a test approver. */
final class FakeApprovals implements ApprovalService {
  private final Clock clock;
  private final Map<String, ApprovalRequest> requests = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<ApprovalStatus>> outcomes = new ConcurrentHashMap<>();
  final LinkedBlockingQueue<ApprovalRequest> submitted = new LinkedBlockingQueue<>();

  FakeApprovals(Clock clock) {
    this.clock = clock;
  }

  @Override
  public ApprovalRequest submit(AuthorizationRequest request, Decision.Escalate decision) {
    ApprovalRequest r =
        new ApprovalRequest(
            "apr-" + UUID.randomUUID(),
            request.call().agent(),
            decision.delegationChain(),
            request.call().taskId(),
            request.call().toolName(),
            request.arguments().digest(),
            decision.decisionId(),
            decision.explanation(),
            request.identity().owner().id(),
            clock.instant(),
            clock.instant().plus(Duration.ofMinutes(10)),
            ApprovalStatus.PENDING,
            "");
    requests.put(r.requestId(), r);
    outcomes.put(r.requestId(), new CompletableFuture<>());
    submitted.add(r);
    return r;
  }

  @Override
  public ApprovalStatus await(String requestId, Duration timeout) {
    try {
      return outcomes.get(requestId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return ApprovalStatus.EXPIRED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ApprovalStatus.EXPIRED;
    } catch (ExecutionException e) {
      return ApprovalStatus.EXPIRED;
    }
  }

  @Override
  public CompletableFuture<ApprovalStatus> decision(String requestId) {
    return outcomes.get(requestId);
  }

  @Override
  public ApprovalRequest approve(String requestId, String approver) {
    return decide(requestId, approver, ApprovalStatus.APPROVED);
  }

  @Override
  public ApprovalRequest reject(String requestId, String approver, String reason) {
    return decide(requestId, approver, ApprovalStatus.REJECTED);
  }

  private ApprovalRequest decide(String requestId, String approver, ApprovalStatus status) {
    ApprovalRequest r = requests.get(requestId);
    ApprovalRequest decided = withStatus(r, status, approver);
    requests.put(requestId, decided);
    outcomes.get(requestId).complete(status);
    return decided;
  }

  @Override
  public synchronized Optional<ApprovalRequest> consume(AgentId agent, String taskId, String toolName, String argumentDigest) {
    for (ApprovalRequest r : requests.values()) {
      if (r.status() == ApprovalStatus.APPROVED
          && r.agent().equals(agent)
          && r.taskId().equals(taskId)
          && r.toolName().equals(toolName)
          && r.argumentDigest().equals(argumentDigest)) {
        requests.put(r.requestId(), withStatus(r, ApprovalStatus.CONSUMED, r.decidedBy()));
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<ApprovalRequest> find(String requestId) {
    return Optional.ofNullable(requests.get(requestId));
  }

  @Override
  public List<ApprovalRequest> pending() {
    return requests.values().stream().filter(r -> r.status() == ApprovalStatus.PENDING).collect(Collectors.toList());
  }

  private static ApprovalRequest withStatus(ApprovalRequest r, ApprovalStatus status, String by) {
    return new ApprovalRequest(
        r.requestId(), r.agent(), r.delegationChain(), r.taskId(), r.toolName(), r.argumentDigest(), r.decisionId(), r.reason(),
        r.approver(), r.createdAt(), r.expiresAt(), status, by);
  }
}
