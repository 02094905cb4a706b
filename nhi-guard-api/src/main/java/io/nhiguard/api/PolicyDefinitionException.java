package io.nhiguard.api;

import java.util.Locale;
import java.util.Objects;

/**
 * A policy could not be loaded: it is malformed, names unknown tools or arguments, has duplicate
 * rule ids or a dangerous pattern. Carries the source name, line and column (1-based; 0 when
 * unknown).
 *
 * @since 0.1.0
 */
public class PolicyDefinitionException extends NhiGuardException {
  private static final long serialVersionUID = 1L;

  /** The source name. */
  private final String source;

  /** The 1-based line. */
  private final int line;

  /** The 1-based column. */
  private final int column;

  /**
   * Creates the exception.
   *
   * @param source the file or resource name of the policy
   * @param line the 1-based line, 0 when unknown
   * @param column the 1-based column, 0 when unknown
   * @param problem what is wrong and how to fix it
   * @throws NullPointerException if {@code source} or {@code problem} is null
   */
  public PolicyDefinitionException(String source, int line, int column, String problem) {
    super(String.format(Locale.ROOT, "%s:%d:%d: %s", Objects.requireNonNull(source, "source"), line, column,
        Objects.requireNonNull(problem, "problem")));
    this.source = source;
    this.line = line;
    this.column = column;
  }

  /**
   * Returns the source name.
   *
   * @return the source
   */
  public String source() {
    return source;
  }

  /**
   * Returns the 1-based line, 0 when unknown.
   *
   * @return the line
   */
  public int line() {
    return line;
  }

  /**
   * Returns the 1-based column, 0 when unknown.
   *
   * @return the column
   */
  public int column() {
    return column;
  }
}
