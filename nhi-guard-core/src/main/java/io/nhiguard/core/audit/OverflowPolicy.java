package io.nhiguard.core.audit;

/**
 * What {@link AuditLog#append} does when its bounded queue is full because the sinks fall behind.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum OverflowPolicy {
  /**
   * Throw {@link io.nhiguard.api.AuditFailureException} at once, so the guard denies the call it
   * could not record. The default: an unrecorded action is never allowed, and callers never stall.
   */
  FAIL_CLOSED,
  /**
   * Wait until the writer has made room (or the log fails or closes, which then throws). Calls slow
   * down to the speed of the slowest sink instead of being denied.
   */
  BLOCK
}
