package io.nhiguard.core.audit;

import java.util.Objects;

/**
 * What {@link AuditVerifier} found: either an intact chain and its head, or the first broken
 * record and why.
 *
 * <p>The first broken record is named by its position ({@code firstBrokenIndex}, 0-based; the
 * 1-based line number of a JSON Lines file is that plus one) and by the sequence number the chain
 * expected there ({@code firstBrokenSequence}). For a changed record that is its own sequence; for a
 * deleted record, the missing one; for two swapped records, the first of the pair; for an inserted
 * record, the position it was inserted at; for a cut-off tail, the first missing record.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param failure what broke, or {@link Failure#NONE}
 * @param firstBrokenIndex the 0-based position of the first broken record, or -1 when intact
 * @param firstBrokenSequence the sequence expected at that position, or -1 when intact
 * @param message a readable explanation (no record content), or {@code ""} when intact
 * @param recordsVerified how many records were verified before the first failure (all when intact)
 * @param head the head of the verified prefix (the whole chain when intact)
 * @since 0.1.0
 */
public record VerificationResult(
    Failure failure,
    long firstBrokenIndex,
    long firstBrokenSequence,
    String message,
    long recordsVerified,
    AuditHead head) {

  /** Why verification failed. */
  public enum Failure {
    /** The chain is intact. */
    NONE,
    /** A record's content does not match its hash (a changed byte, a forged field). */
    HASH_MISMATCH,
    /** A record's previous hash is not the hash of the record before it. */
    BROKEN_LINK,
    /** A record's sequence number is not the next one (deleted, inserted or reordered records). */
    SEQUENCE_GAP,
    /** A signature is missing where required, made with an unknown key, or invalid. */
    BAD_SIGNATURE,
    /** A line is not a canonical audit record (damaged, edited or torn). */
    MALFORMED_LINE,
    /** The chain ends before the anchored head: its tail was removed. */
    TRUNCATED,
    /** The record at the anchored head's sequence does not have the anchored hash. */
    ANCHOR_MISMATCH
  }

  /**
   * Validates a result.
   *
   * @param failure what broke, or {@link Failure#NONE}
   * @param firstBrokenIndex the 0-based position of the first broken record, or -1 when intact
   * @param firstBrokenSequence the sequence expected at that position, or -1 when intact
   * @param message a readable explanation (no record content), or {@code ""} when intact
   * @param recordsVerified how many records were verified before the first failure (all when intact)
   * @param head the head of the verified prefix (the whole chain when intact)
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the failure and the position disagree
   */
  public VerificationResult {
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(head, "head");
    if ((failure == Failure.NONE) != (firstBrokenIndex < 0)) {
      throw new IllegalArgumentException(
          "firstBrokenIndex must be -1 exactly when failure is NONE, but was " + firstBrokenIndex + " with " + failure);
    }
  }

  static VerificationResult intact(long count, AuditHead head) {
    return new VerificationResult(Failure.NONE, -1, -1, "", count, head);
  }

  /**
   * Returns whether the chain is intact.
   *
   * @return true if no failure was found
   */
  public boolean isOk() {
    return failure == Failure.NONE;
  }
}
