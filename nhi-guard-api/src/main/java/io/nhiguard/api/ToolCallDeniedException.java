package io.nhiguard.api;

import java.util.Objects;

/**
 * Thrown by the enforcement point when a call may not run: it was denied, or it was escalated and
 * not (yet) approved. Carries the decision.
 *
 * @since 0.1.0
 */
public class ToolCallDeniedException extends NhiGuardException {
  private static final long serialVersionUID = 1L;

  private final transient Decision decision;

  /**
   * Creates the exception.
   *
   * @param decision the decision that stopped the call; not a permit
   * @throws NullPointerException if {@code decision} is null
   * @throws IllegalArgumentException if {@code decision} is a permit
   */
  public ToolCallDeniedException(Decision decision) {
    super(messageFor(decision));
    if (decision.isPermitted()) {
      throw new IllegalArgumentException("A permit does not deny a call");
    }
    this.decision = decision;
  }

  /**
   * Returns the decision.
   *
   * @return the denial or escalation
   */
  public Decision decision() {
    return decision;
  }

  private static String messageFor(Decision decision) {
    Objects.requireNonNull(decision, "decision");
    return "Tool call denied ("
        + decision.reasonCode()
        + ", decision "
        + decision.decisionId()
        + "): "
        + decision.explanation();
  }
}
