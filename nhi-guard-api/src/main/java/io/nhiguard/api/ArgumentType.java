package io.nhiguard.api;

/**
 * The JSON type an argument must have, declared in the catalogue (or derived from a tool's JSON
 * schema). The canonicalizer enforces it strictly: no coercion of {@code "12"} to 12, no
 * {@code "NaN"} for a number, no fraction for an integer.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ArgumentType {
  /** A JSON string. */
  STRING,
  /** A JSON number without fraction, within the signed 64-bit range. */
  INTEGER,
  /** A finite JSON number. */
  NUMBER,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** A JSON array. */
  ARRAY,
  /** A JSON object. */
  OBJECT,
  /** Any JSON value (no type check). */
  ANY
}
