package io.nhiguard.api;

/**
 * An agent asked for more human approvals than its rate limit allows; the guard denies the call
 * with {@link ReasonCode#APPROVAL_RATE_LIMITED}. Limiting requests protects approvers from
 * approval fatigue, where a flood of prompts trains people to click "approve" (OWASP Agentic
 * ASI09, Human-Agent Trust Exploitation).
 *
 * @since 0.1.0
 */
public class ApprovalRateLimitedException extends ApprovalException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the agent, the count against the limit and window, and the remedy
   */
  public ApprovalRateLimitedException(String message) {
    super(message);
  }
}
