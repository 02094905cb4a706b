package io.nhiguard.api;

/**
 * No credential could be leased or a credential is expired or revoked.
 *
 * @since 0.1.0
 */
public class CredentialUnavailableException extends NhiGuardException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, the value against the expectation, and the remedy
   */
  public CredentialUnavailableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what happened
   * @param cause the cause
   */
  public CredentialUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
