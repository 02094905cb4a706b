package io.nhiguard.api;

/**
 * The arguments of a tool call are not strict JSON within the limits (duplicate keys, trailing tokens, non-finite or out-of-range numbers, nesting deeper than 32, larger than 64 KiB).
 *
 * @since 0.1.0
 */
public class MalformedArgumentsException extends NhiGuardException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened, the value against the expectation, and the remedy
   */
  public MalformedArgumentsException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what happened
   * @param cause the cause
   */
  public MalformedArgumentsException(String message, Throwable cause) {
    super(message, cause);
  }
}
