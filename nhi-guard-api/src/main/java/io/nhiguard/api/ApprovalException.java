package io.nhiguard.api;

/**
 * An approval cannot be granted, found or requested (wrong approver, self-approval, digest mismatch, rate limit).
 *
 * @since 0.1.0
 */
public class ApprovalException extends NhiGuardException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, the value against the expectation, and the remedy
   */
  public ApprovalException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what happened
   * @param cause the cause
   */
  public ApprovalException(String message, Throwable cause) {
    super(message, cause);
  }
}
