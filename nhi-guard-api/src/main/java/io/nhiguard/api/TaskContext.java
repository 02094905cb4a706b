package io.nhiguard.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A read view of one task session: a bounded piece of work an application starts for a requester,
 * with a trusted intent, a deadline, a confidence threshold and a history the policy reads.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface TaskContext {

  /**
   * Returns the task id.
   *
   * @return a unique, non-blank id
   */
  String taskId();

  /**
   * Returns the agent the task belongs to.
   *
   * @return the agent
   */
  AgentId agent();

  /**
   * Returns the principal the task works for (the end user or calling service).
   *
   * @return the requester
   */
  String requester();

  /**
   * Returns the trusted intent.
   *
   * @return the intent
   */
  TaskIntent intent();

  /**
   * Returns the deadline, after which the task denies every call and its credentials are revoked.
   *
   * @return the deadline (wall-clock time)
   */
  Instant deadline();

  /**
   * Returns the lowest confidence at which the task may go on, in [0, 1].
   *
   * @return the threshold
   */
  double confidenceThreshold();

  /**
   * Returns whether the task is still open (not closed, not past its deadline, confidence not
   * below its threshold) at the instant given.
   *
   * @param now the current instant
   * @return true if calls may still be decided on their merits
   */
  boolean isOpenAt(Instant now);

  /**
   * Returns the task's history.
   *
   * @return the history
   */
  TaskHistory history();

  /**
   * Returns how the task was delegated, if it was.
   *
   * @return the delegation, empty for a root task
   */
  Optional<Delegation> delegation();

  /**
   * Returns the delegation chain, root first, excluding this task's agent.
   *
   * @return an immutable list, empty for a root task
   */
  default List<AgentId> delegationChain() {
    return delegation().map(Delegation::chain).orElse(List.of());
  }
}
