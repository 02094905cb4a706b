package io.nhiguard.api;

/**
 * The state of an approval request.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ApprovalStatus {
  /** Waiting for a human. */
  PENDING,
  /** Approved, not yet used. */
  APPROVED,
  /** Rejected. */
  REJECTED,
  /** Expired or timed out before a decision. */
  EXPIRED,
  /** Approved and used once; never usable again. */
  CONSUMED
}
