package io.nhiguard.api;

/**
 * The audit log could not record a record; the guard fails closed.
 *
 * @since 0.1.0
 */
public class AuditFailureException extends NhiGuardException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, the value against the expectation, and the remedy
   */
  public AuditFailureException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what happened
   * @param cause the cause
   */
  public AuditFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
