package io.nhiguard.core.audit;

import io.nhiguard.api.NhiGuardException;

/**
 * An audit record cannot be re-evaluated: it is not a decision, carries no request facts, uses an
 * unknown facts format, or a value the decision may depend on was redacted. Replay reports such
 * records as skipped instead of guessing.
 *
 * @since 0.1.0
 */
public class NotReplayableException extends NhiGuardException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the record cannot be replayed
   */
  public NotReplayableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message why the record cannot be replayed
   * @param cause the parse or validation failure
   */
  public NotReplayableException(String message, Throwable cause) {
    super(message, cause);
  }
}
