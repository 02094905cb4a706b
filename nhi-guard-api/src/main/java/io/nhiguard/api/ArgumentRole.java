package io.nhiguard.api;

/**
 * What an argument of a tool means to the policy, declared in the tool catalogue. Roles decide
 * which typed checks apply (a {@link #PATH} is compared by path components, a {@link #URL} by its
 * parsed host) and what the audit log redacts ({@link #SECRET}).
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ArgumentRole {
  /** A party that receives content, money or access (an e-mail address, IBAN, user, channel). */
  RECIPIENT,
  /** A sum of money or a quantity; must be a finite, exact decimal and, by default, not negative. */
  AMOUNT,
  /** A file-system path; compared by normalized components inside a root. */
  PATH,
  /** A URL; compared by its parsed host. */
  URL,
  /** Free text written by the model (a message body, a subject). */
  FREE_TEXT,
  /** An identifier of a resource (an id, a name). */
  IDENTIFIER,
  /** A secret (password, key, token); never written to the audit log in clear. */
  SECRET
}
