package io.nhiguard.core.audit;

import java.util.List;
import java.util.Objects;

/**
 * One recorded decision whose kind changes under a candidate policy (for example {@code PERMIT}
 * to {@code DENY}), with the reasons and rules on both sides.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param sequence the audit record's sequence number
 * @param decisionId the recorded decision id
 * @param toolName the tool name
 * @param agent the agent's SPIFFE ID
 * @param fromKind the recorded kind: {@code PERMIT}, {@code DENY} or {@code ESCALATE}
 * @param fromReason the recorded reason code
 * @param fromRules the recorded deciding rules
 * @param toKind the candidate's kind
 * @param toReason the candidate's reason code
 * @param toRules the candidate's deciding rules
 * @since 0.1.0
 */
public record Flip(
    long sequence,
    String decisionId,
    String toolName,
    String agent,
    String fromKind,
    String fromReason,
    List<String> fromRules,
    String toKind,
    String toReason,
    List<String> toRules) {

  /**
   * Validates a flip.
   *
   * @param sequence the audit record's sequence number
   * @param decisionId the recorded decision id
   * @param toolName the tool name
   * @param agent the agent's SPIFFE ID
   * @param fromKind the recorded kind: {@code PERMIT}, {@code DENY} or {@code ESCALATE}
   * @param fromReason the recorded reason code
   * @param fromRules the recorded deciding rules
   * @param toKind the candidate's kind
   * @param toReason the candidate's reason code
   * @param toRules the candidate's deciding rules
   * @throws NullPointerException if a component is null
   */
  public Flip {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(fromKind, "fromKind");
    Objects.requireNonNull(fromReason, "fromReason");
    fromRules = List.copyOf(Objects.requireNonNull(fromRules, "fromRules"));
    Objects.requireNonNull(toKind, "toKind");
    Objects.requireNonNull(toReason, "toReason");
    toRules = List.copyOf(Objects.requireNonNull(toRules, "toRules"));
  }

  /**
   * Returns whether the candidate would permit a call that was not permitted: the flips to review
   * most carefully before shipping a policy.
   *
   * @return true for {@code DENY -> PERMIT} and {@code ESCALATE -> PERMIT}
   */
  public boolean isLoosening() {
    return "PERMIT".equals(toKind) && !"PERMIT".equals(fromKind);
  }
}
