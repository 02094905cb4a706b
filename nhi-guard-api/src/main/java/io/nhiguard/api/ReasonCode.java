package io.nhiguard.api;

import java.util.List;

/**
 * Why a decision came out as it did, in one stable code. Every {@link Decision} carries one; the
 * audit log, metrics and the standards map read it.
 *
 * <p>Each code names the OWASP Non-Human Identities Top 10 (2025) and OWASP Top 10 for Agentic
 * Applications (2026) entries whose risk the control behind it addresses.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ReasonCode {
  /** A permit rule applied and no forbid or escalate rule did. */
  PERMITTED_BY_RULE("A permit rule matched; least privilege by explicit grant", List.of("NHI5"), List.of("ASI02", "ASI03")),
  /** A human approved an escalated call with this exact argument digest. */
  PERMITTED_BY_APPROVAL("An owner approved this exact call (digest-bound, single use)", List.of("NHI10"), List.of("ASI09", "ASI02")),
  /** An escalate rule applied; a human must approve. */
  ESCALATION_REQUIRED("An escalate rule matched; a human approval is required", List.of("NHI5"), List.of("ASI02", "ASI09")),
  /** No rule applied: default deny. */
  DEFAULT_DENY("No rule permits the call: default deny", List.of("NHI5"), List.of("ASI02", "ASI03")),
  /** The guard has no policy. */
  NO_POLICY("No policy is loaded: every call is denied", List.of("NHI5"), List.of("ASI02")),
  /** A forbid rule applied. */
  FORBIDDEN_BY_RULE("A forbid rule matched; forbid overrides permit", List.of("NHI5"), List.of("ASI01", "ASI02")),
  /** Evaluating an applicable rule failed; the error denies. */
  RULE_EVALUATION_ERROR("An applicable rule could not be evaluated: fail closed", List.of(), List.of("ASI02", "ASI08")),
  /** The tool is not in the catalogue. */
  UNKNOWN_TOOL("The tool is not in the catalogue (unknown or hallucinated)", List.of("NHI5"), List.of("ASI02", "ASI04")),
  /** The tool name breaks the tool-name grammar. */
  MALFORMED_TOOL_NAME("The tool name is not canonical ASCII (confusables, control characters, white space)", List.of(), List.of("ASI02")),
  /** The argument document is not strict JSON within the limits. */
  MALFORMED_ARGUMENTS("The arguments are not strict JSON within limits (duplicate keys, trailing data, non-finite or out-of-range numbers, depth, size)", List.of(), List.of("ASI02", "ASI05")),
  /** The agent is not registered. */
  UNKNOWN_IDENTITY("The agent is not a registered identity", List.of("NHI4", "NHI9"), List.of("ASI03", "ASI10")),
  /** The agent is provisioned or suspended. */
  IDENTITY_NOT_ACTIVE("The agent is not active (provisioned or suspended)", List.of("NHI1"), List.of("ASI03", "ASI10")),
  /** The agent is revoked or decommissioned. */
  IDENTITY_REVOKED("The agent is revoked or decommissioned (kill switch)", List.of("NHI1"), List.of("ASI10", "ASI03")),
  /** The agent's expiry has passed. */
  IDENTITY_EXPIRED("The agent identity has expired", List.of("NHI7", "NHI1"), List.of("ASI03")),
  /** The owner's re-certification is overdue. */
  IDENTITY_REVIEW_OVERDUE("The owner's re-certification of the agent is overdue", List.of("NHI1", "NHI5"), List.of("ASI03")),
  /** The task is unknown. */
  UNKNOWN_TASK("The task is not known to the guard", List.of(), List.of("ASI03")),
  /** The task is closed. */
  TASK_CLOSED("The task is closed; its credentials were revoked", List.of("NHI7"), List.of("ASI03")),
  /** The task deadline has passed. */
  TASK_DEADLINE_PASSED("The task deadline has passed", List.of("NHI7"), List.of("ASI03", "ASI08")),
  /** The task belongs to another agent. */
  TASK_AGENT_MISMATCH("The task belongs to another agent", List.of("NHI9"), List.of("ASI03", "ASI07")),
  /** The task's confidence fell below its threshold. */
  CONFIDENCE_BELOW_THRESHOLD("The task's confidence fell below its threshold; credentials revoked", List.of(), List.of("ASI01", "ASI08")),
  /** The call exceeds the delegation scope handed down by the parent. */
  DELEGATION_SCOPE_EXCEEDED("The call exceeds the delegated (attenuated) scope", List.of("NHI5"), List.of("ASI03", "ASI07")),
  /** The delegation chain is invalid (cycle, depth, expired parent). */
  DELEGATION_INVALID("The delegation chain is invalid (cycle, depth, or parent no longer valid)", List.of("NHI5"), List.of("ASI03", "ASI07")),
  /** The approver rejected the escalated call. */
  APPROVAL_REJECTED("A human rejected the escalated call", List.of(), List.of("ASI09")),
  /** No approval arrived in time. */
  APPROVAL_EXPIRED("The approval request expired or timed out", List.of(), List.of("ASI09")),
  /** Still waiting for a human. */
  APPROVAL_PENDING("The call waits for a human approval", List.of(), List.of("ASI09")),
  /** Too many approval requests from one agent. */
  APPROVAL_RATE_LIMITED("Too many approval requests from this agent (approval fatigue)", List.of(), List.of("ASI09", "ASI10")),
  /** No credential could be leased. */
  CREDENTIAL_UNAVAILABLE("No credential could be leased for the call (vault down, TTL rules)", List.of("NHI7", "NHI2"), List.of("ASI03")),
  /** The audit log could not record the decision. */
  AUDIT_UNAVAILABLE("The audit log could not record the decision: fail closed", List.of(), List.of("ASI10")),
  /** A fault inside the guard. */
  INTERNAL_ERROR("The guard failed internally: fail closed", List.of(), List.of("ASI08"));

  private final String description;
  private final List<String> owaspNhi;
  private final List<String> owaspAgentic;

  ReasonCode(String description, List<String> owaspNhi, List<String> owaspAgentic) {
    this.description = description;
    this.owaspNhi = owaspNhi;
    this.owaspAgentic = owaspAgentic;
  }

  /**
   * Returns a one-line description of the control behind this code.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * Returns the OWASP Non-Human Identities Top 10 (2025) entries this control addresses, as ids
   * {@code NHI1}..{@code NHI10}.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> owaspNhi() {
    return owaspNhi;
  }

  /**
   * Returns the OWASP Top 10 for Agentic Applications (2026) entries this control addresses, as
   * ids {@code ASI01}..{@code ASI10}.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> owaspAgentic() {
    return owaspAgentic;
  }
}
