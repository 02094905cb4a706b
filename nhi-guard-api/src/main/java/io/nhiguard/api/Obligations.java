package io.nhiguard.api;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Duties the policy enforcement point must fulfil when it acts on a decision (XACML obligations):
 * a cap on the credential's time to live, arguments to redact in the audit log, and who must
 * approve an escalation.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param credentialTtlCap the longest TTL of a credential leased for the call; {@code null} for
 *     no cap beyond the vault's own per-action limits; positive when present
 * @param redactedArguments names of arguments whose values the audit log must not record
 * @param approver who must approve an escalation: {@code "owner"} (the agent's owner) or a
 *     principal id; {@code null} when there is nothing to approve
 * @since 0.1.0
 */
public record Obligations(Duration credentialTtlCap, Set<String> redactedArguments, String approver) {

  /** No obligations. */
  public static final Obligations NONE = new Obligations(null, Set.of(), null);

  /**
   * Validates obligations.
   *
   * @param credentialTtlCap the {@code credentialTtlCap} component
   * @param redactedArguments the {@code redactedArguments} component
   * @param approver the {@code approver} component
   * @throws NullPointerException if {@code redactedArguments} is null
   * @throws IllegalArgumentException if the TTL cap is zero or negative, or the approver is blank
   */
  public Obligations {
    redactedArguments = Set.copyOf(Objects.requireNonNull(redactedArguments, "redactedArguments"));
    
    if (credentialTtlCap != null && (credentialTtlCap.isZero() || credentialTtlCap.isNegative())) {
      throw new IllegalArgumentException(
          "credentialTtlCap must be positive, but was " + credentialTtlCap + "; omit it for no cap");
    }
    if (approver != null && approver.isBlank()) {
      throw new IllegalArgumentException("approver must not be blank; use \"owner\" or a principal id");
    }
  }

  /**
   * Returns the TTL cap, if any.
   *
   * @return the cap
   */
  public Optional<Duration> ttlCap() {
    return Optional.ofNullable(credentialTtlCap);
  }

  /**
   * Combines two sets of obligations, keeping the stricter of each: the shorter TTL cap, the union
   * of redactions, and this approver unless absent.
   *
   * @param other the other obligations
   * @return the combination
   * @throws NullPointerException if {@code other} is null
   */
  public Obligations merge(Obligations other) {
    Objects.requireNonNull(other, "other");
    Duration cap = credentialTtlCap;
    if (cap == null || (other.credentialTtlCap != null && other.credentialTtlCap.compareTo(cap) < 0)) {
      cap = other.credentialTtlCap;
    }
    Set<String> redactions = new HashSet<>(redactedArguments);
    redactions.addAll(other.redactedArguments);
    return new Obligations(cap, redactions, approver != null ? approver : other.approver);
  }
}
