package io.nhiguard.benchmarks;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.Delegation;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.TaskContext;
import io.nhiguard.api.TaskHistory;
import io.nhiguard.api.TaskIntent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A fixed task with an empty history, so that a PDP benchmark times {@code decide()} alone: no
 * delegation, no calls made yet, nothing untrusted seen, every value of unknown provenance.
 *
 * <p>Immutable and thread-safe.
 */
public final class BenchTaskContext implements TaskContext, TaskHistory {

  private final String taskId;
  private final AgentId agent;
  private final TaskIntent intent;
  private final Instant deadline;

  /**
   * Creates a task context.
   *
   * @param taskId the task id, non-blank
   * @param agent the agent the task belongs to
   * @param intent the trusted intent
   * @param deadline when the task closes
   * @throws NullPointerException if an argument is null
   */
  public BenchTaskContext(String taskId, AgentId agent, TaskIntent intent, Instant deadline) {
    this.taskId = Objects.requireNonNull(taskId, "taskId");
    this.agent = Objects.requireNonNull(agent, "agent");
    this.intent = Objects.requireNonNull(intent, "intent");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public AgentId agent() {
    return agent;
  }

  @Override
  public String requester() {
    return "bench-user";
  }

  @Override
  public TaskIntent intent() {
    return intent;
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public double confidenceThreshold() {
    return 0.0;
  }

  @Override
  public boolean isOpenAt(Instant now) {
    return now.isBefore(deadline);
  }

  @Override
  public TaskHistory history() {
    return this;
  }

  @Override
  public Optional<Delegation> delegation() {
    return Optional.empty();
  }

  @Override
  public List<AgentId> delegationChain() {
    return List.of();
  }

  @Override
  public List<String> toolsUsed() {
    return List.of();
  }

  @Override
  public Set<String> destinationsReached() {
    return Set.of();
  }

  @Override
  public Set<String> dataClassesRead() {
    return Set.of();
  }

  @Override
  public boolean untrustedContentSeen() {
    return false;
  }

  @Override
  public Map<String, BigDecimal> cumulativeAmounts() {
    return Map.of();
  }

  @Override
  public BigDecimal totalAmount() {
    return BigDecimal.ZERO;
  }

  @Override
  public Provenance provenanceOf(String value) {
    return Provenance.UNKNOWN;
  }
}
