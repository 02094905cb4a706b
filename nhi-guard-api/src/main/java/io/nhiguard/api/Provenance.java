package io.nhiguard.api;

/**
 * Where an argument value came from, as far as the task history can tell.
 *
 * <p>The floor of the matching is an exact occurrence: a value is {@link #TRUSTED} when it occurs
 * verbatim (after Unicode NFC normalization and, for values at least 3 characters long, as a
 * substring) in trusted context: the user's request, the application's intent parameters, the
 * user's own data, or the output of a tool not marked untrusted. It is {@link #UNTRUSTED} when it
 * occurs only in the output of untrusted tools, and {@link #UNKNOWN} when it occurs nowhere (the
 * model made it up). Exact matching does not catch a value an attacker re-encodes or splits, and a
 * trusted occurrence of a short value can be coincidental: policies should combine provenance with
 * allow-lists for high-impact arguments.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum Provenance {
  /** Found in trusted context. */
  TRUSTED,
  /** Found only in untrusted tool output. */
  UNTRUSTED,
  /** Found nowhere in the task's context. */
  UNKNOWN
}
