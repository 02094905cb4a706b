package io.nhiguard.core.audit;

import io.nhiguard.api.NhiGuardException;

/**
 * An audit log line is not a record in the canonical JSON Lines form: it does not parse, has
 * unknown, missing or duplicate fields, or is not byte for byte the canonical serialization of the
 * record it describes (which is how an edit that leaves the JSON value unchanged, such as a
 * different escape, is still caught).
 *
 * @since 0.1.0
 */
public class MalformedAuditLogException extends NhiGuardException {
  private static final long serialVersionUID = 1L;

  /** The 1-based line number, or 0 when the text did not come from a file. */
  private final long lineNumber;

  /**
   * Creates the exception.
   *
   * @param lineNumber the 1-based line number, or 0 when unknown; not negative
   * @param message what is wrong, the expectation and the remedy
   */
  public MalformedAuditLogException(long lineNumber, String message) {
    super(message);
    this.lineNumber = lineNumber;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param lineNumber the 1-based line number, or 0 when unknown; not negative
   * @param message what is wrong
   * @param cause the parser failure
   */
  public MalformedAuditLogException(long lineNumber, String message, Throwable cause) {
    super(message, cause);
    this.lineNumber = lineNumber;
  }

  /**
   * Returns the 1-based line number of the bad line.
   *
   * @return the line number, or 0 when the text did not come from a file
   */
  public long lineNumber() {
    return lineNumber;
  }
}
