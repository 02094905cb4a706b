package io.nhiguard.api;

/**
 * Ordered data-sensitivity levels, used for a task's ceiling and a tool's data classes.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum DataSensitivity {
  /** Public data. */
  PUBLIC,
  /** Internal data. */
  INTERNAL,
  /** Confidential data, for example a user's own private records. */
  CONFIDENTIAL,
  /** Restricted data, for example credentials or regulated records. */
  RESTRICTED;

  /**
   * Returns whether data of this level may flow under a ceiling.
   *
   * @param ceiling the highest level allowed
   * @return true if this level is not above the ceiling
   * @throws NullPointerException if {@code ceiling} is null
   */
  public boolean isWithin(DataSensitivity ceiling) {
    return compareTo(java.util.Objects.requireNonNull(ceiling, "ceiling")) <= 0;
  }
}
