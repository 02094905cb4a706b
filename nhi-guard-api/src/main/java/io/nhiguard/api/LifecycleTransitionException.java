package io.nhiguard.api;

/**
 * A lifecycle transition of an identity is not allowed (for example from REVOKED to ACTIVE).
 *
 * @since 0.1.0
 */
public class LifecycleTransitionException extends NhiGuardException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, the value against the expectation, and the remedy
   */
  public LifecycleTransitionException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what happened
   * @param cause the cause
   */
  public LifecycleTransitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
