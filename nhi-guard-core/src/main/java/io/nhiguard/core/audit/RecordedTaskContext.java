package io.nhiguard.core.audit;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.Delegation;
import io.nhiguard.api.TaskContext;
import io.nhiguard.api.TaskHistory;
import io.nhiguard.api.TaskIntent;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task frozen at decision time, rebuilt from an audit record's facts. The intent carries no user
 * request text and no trusted data (they are not recorded); provenance comes from the recorded
 * history instead.
 *
 * <p>{@link #isOpenAt(Instant)} answers the recorded openness for the decision instant and any
 * earlier one, and closes at the deadline like a live task.
 *
 * <p>Immutable and thread-safe.
 */
final class RecordedTaskContext implements TaskContext {

  private final String taskId;
  private final AgentId agent;
  private final String requester;
  private final TaskIntent intent;
  private final Instant deadline;
  private final double confidenceThreshold;
  private final boolean openAtDecision;
  private final Instant decisionTime;
  private final RecordedTaskHistory history;
  private final Delegation delegation;

  RecordedTaskContext(
      String taskId,
      AgentId agent,
      String requester,
      TaskIntent intent,
      Instant deadline,
      double confidenceThreshold,
      boolean openAtDecision,
      Instant decisionTime,
      RecordedTaskHistory history,
      Delegation delegation) {
    this.taskId = Objects.requireNonNull(taskId, "taskId");
    this.agent = Objects.requireNonNull(agent, "agent");
    this.requester = Objects.requireNonNull(requester, "requester");
    this.intent = Objects.requireNonNull(intent, "intent");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.confidenceThreshold = confidenceThreshold;
    this.openAtDecision = openAtDecision;
    this.decisionTime = Objects.requireNonNull(decisionTime, "decisionTime");
    this.history = Objects.requireNonNull(history, "history");
    this.delegation = delegation;
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
    return requester;
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
    return confidenceThreshold;
  }

  @Override
  public boolean isOpenAt(Instant now) {
    Objects.requireNonNull(now, "now");
    if (now.isAfter(decisionTime)) {
      return openAtDecision && now.isBefore(deadline);
    }
    return openAtDecision;
  }

  @Override
  public TaskHistory history() {
    return history;
  }

  @Override
  public Optional<Delegation> delegation() {
    return Optional.ofNullable(delegation);
  }
}
