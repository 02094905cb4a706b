package io.nhiguard.api;

/**
 * The root of every exception nhi-guard throws for a guard outcome or a guard failure. All are
 * unchecked. Misuse of the API raises the JDK types instead ({@link IllegalArgumentException},
 * {@link IllegalStateException}, {@link NullPointerException}). Messages never contain secrets or
 * raw argument values.
 *
 * <p>Instances are not meant to be shared between threads after being thrown.
 *
 * @since 0.1.0
 */
public class NhiGuardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what happened, the value against the expectation, and the remedy
   * @throws NullPointerException if {@code message} is null
   */
  public NhiGuardException(String message) {
    super(java.util.Objects.requireNonNull(message, "message"));
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what happened
   * @param cause the cause, or {@code null} if unknown (as in {@link Throwable})
   * @throws NullPointerException if {@code message} is null
   */
  public NhiGuardException(String message, Throwable cause) {
    super(java.util.Objects.requireNonNull(message, "message"), cause);
  }
}
