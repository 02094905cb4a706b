package io.nhiguard.api;

import java.util.List;
import java.util.Objects;

/**
 * The answer of the policy decision point to one tool call: {@link Permit}, {@link Deny} or {@link
 * Escalate}. There is no abstain and never {@code null}: anything that is not a permit stops the
 * call.
 *
 * <p>Combining follows Cedar's forbid-overrides-permit semantics (<a
 * href="https://docs.cedarpolicy.com/auth/authorization.html">Cedar authorization</a>), extended
 * with escalation: forbid &gt; escalate &gt; permit &gt; default deny. Unlike Cedar, an error in an
 * applicable rule denies.
 *
 * <p>Every decision carries: a unique id; a {@link ReasonCode}; the ids of the rules that decided
 * it (empty for default deny and for pre-policy checks); obligations; evaluation errors; the policy
 * id and version digest; the SHA-256 digest of the canonical arguments it is bound to ({@code ""}
 * when the arguments could not be parsed); the delegation chain of the requesting agent (root
 * first, excluding the agent itself); and a human-readable explanation (untrusted values escaped).
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public sealed interface Decision permits Decision.Permit, Decision.Deny, Decision.Escalate {

  /**
   * Returns the decision id.
   *
   * @return a unique, non-blank id
   */
  String decisionId();

  /**
   * Returns the reason code.
   *
   * @return the code
   */
  ReasonCode reasonCode();

  /**
   * Returns the ids of the rules that determined the decision.
   *
   * @return an unmodifiable list, empty for default deny
   */
  List<String> ruleIds();

  /**
   * Returns the obligations the enforcement point must fulfil.
   *
   * @return the obligations
   */
  Obligations obligations();

  /**
   * Returns the errors raised by applicable rules.
   *
   * @return an unmodifiable list
   */
  List<RuleError> errors();

  /**
   * Returns the id of the policy that decided, or {@code "none"}.
   *
   * @return the policy id
   */
  String policyId();

  /**
   * Returns the version digest of the policy that decided, or {@code "none"}.
   *
   * @return the version digest
   */
  String policyVersion();

  /**
   * Returns the SHA-256 digest of the canonical arguments the decision is bound to.
   *
   * @return 64 hexadecimal characters, or {@code ""} when the arguments were malformed
   */
  String argumentDigest();

  /**
   * Returns the delegation chain of the requesting agent, root first.
   *
   * @return an unmodifiable list, empty when the agent acts on its own
   */
  List<AgentId> delegationChain();

  /**
   * Returns a human-readable explanation.
   *
   * @return the explanation
   */
  String explanation();

  /**
   * Returns whether the call may run.
   *
   * @return true only for {@link Permit}
   */
  default boolean isPermitted() {
    return this instanceof Permit;
  }

  /**
   * Returns a short name of the kind: {@code PERMIT}, {@code DENY} or {@code ESCALATE}.
   *
   * @return the kind
   */
  default String kind() {
    if (this instanceof Permit) {
      return "PERMIT";
    }
    return this instanceof Deny ? "DENY" : "ESCALATE";
  }

  /**
   * The call may run, subject to the obligations.
   *
   * @param decisionId the decision id
   * @param reasonCode the reason code
   * @param ruleIds the permitting rules
   * @param obligations the obligations
   * @param errors always empty for a permit
   * @param policyId the policy id
   * @param policyVersion the policy version digest
   * @param argumentDigest the bound argument digest
   * @param delegationChain the delegation chain
   * @param explanation the explanation
   * @since 0.1.0
   */
  record Permit(
      String decisionId,
      ReasonCode reasonCode,
      List<String> ruleIds,
      Obligations obligations,
      List<RuleError> errors,
      String policyId,
      String policyVersion,
      String argumentDigest,
      List<AgentId> delegationChain,
      String explanation)
      implements Decision {
    /**
     * Validates a permit.
     *
     * @param decisionId the {@code decisionId} component
     * @param reasonCode the {@code reasonCode} component
     * @param ruleIds the {@code ruleIds} component
     * @param obligations the {@code obligations} component
     * @param errors the {@code errors} component
     * @param policyId the {@code policyId} component
     * @param policyVersion the {@code policyVersion} component
     * @param argumentDigest the {@code argumentDigest} component
     * @param delegationChain the {@code delegationChain} component
     * @param explanation the {@code explanation} component
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if errors are present or the digest is empty
     */
    public Permit {
      ruleIds = List.copyOf(Objects.requireNonNull(ruleIds, "ruleIds"));
      errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
      delegationChain = List.copyOf(Objects.requireNonNull(delegationChain, "delegationChain"));
      Checks.common(decisionId, reasonCode, obligations, policyId, policyVersion, argumentDigest, explanation);
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException("A permit cannot carry evaluation errors: an error denies");
      }
      if (argumentDigest.isEmpty()) {
        throw new IllegalArgumentException("A permit must be bound to an argument digest");
      }
    }
  }

  /**
   * The call must not run.
   *
   * @param decisionId the decision id
   * @param reasonCode the reason code
   * @param ruleIds the forbidding rules, empty for default deny
   * @param obligations the obligations (for example redactions for the audit record)
   * @param errors evaluation errors that caused or accompany the denial
   * @param policyId the policy id
   * @param policyVersion the policy version digest
   * @param argumentDigest the argument digest, or {@code ""}
   * @param delegationChain the delegation chain
   * @param explanation the explanation
   * @since 0.1.0
   */
  record Deny(
      String decisionId,
      ReasonCode reasonCode,
      List<String> ruleIds,
      Obligations obligations,
      List<RuleError> errors,
      String policyId,
      String policyVersion,
      String argumentDigest,
      List<AgentId> delegationChain,
      String explanation)
      implements Decision {
    /**
     * Validates a denial.
     *
     * @param decisionId the {@code decisionId} component
     * @param reasonCode the {@code reasonCode} component
     * @param ruleIds the {@code ruleIds} component
     * @param obligations the {@code obligations} component
     * @param errors the {@code errors} component
     * @param policyId the {@code policyId} component
     * @param policyVersion the {@code policyVersion} component
     * @param argumentDigest the {@code argumentDigest} component
     * @param delegationChain the {@code delegationChain} component
     * @param explanation the {@code explanation} component
     * @throws NullPointerException if any component is null
     */
    public Deny {
      ruleIds = List.copyOf(Objects.requireNonNull(ruleIds, "ruleIds"));
      errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
      delegationChain = List.copyOf(Objects.requireNonNull(delegationChain, "delegationChain"));
      Checks.common(decisionId, reasonCode, obligations, policyId, policyVersion, argumentDigest, explanation);
    }
  }

  /**
   * The call may run only after a human approves this exact call.
   *
   * @param decisionId the decision id
   * @param reasonCode the reason code
   * @param ruleIds the escalating rules
   * @param obligations the obligations, including the approver
   * @param errors always empty
   * @param policyId the policy id
   * @param policyVersion the policy version digest
   * @param argumentDigest the argument digest the approval is bound to
   * @param delegationChain the delegation chain
   * @param explanation the explanation
   * @since 0.1.0
   */
  record Escalate(
      String decisionId,
      ReasonCode reasonCode,
      List<String> ruleIds,
      Obligations obligations,
      List<RuleError> errors,
      String policyId,
      String policyVersion,
      String argumentDigest,
      List<AgentId> delegationChain,
      String explanation)
      implements Decision {
    /**
     * Validates an escalation.
     *
     * @param decisionId the {@code decisionId} component
     * @param reasonCode the {@code reasonCode} component
     * @param ruleIds the {@code ruleIds} component
     * @param obligations the {@code obligations} component
     * @param errors the {@code errors} component
     * @param policyId the {@code policyId} component
     * @param policyVersion the {@code policyVersion} component
     * @param argumentDigest the {@code argumentDigest} component
     * @param delegationChain the {@code delegationChain} component
     * @param explanation the {@code explanation} component
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if errors are present or the digest is empty
     */
    public Escalate {
      ruleIds = List.copyOf(Objects.requireNonNull(ruleIds, "ruleIds"));
      errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
      delegationChain = List.copyOf(Objects.requireNonNull(delegationChain, "delegationChain"));
      Checks.common(decisionId, reasonCode, obligations, policyId, policyVersion, argumentDigest, explanation);
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException("An escalation cannot carry evaluation errors: an error denies");
      }
      if (argumentDigest.isEmpty()) {
        throw new IllegalArgumentException("An escalation must be bound to an argument digest");
      }
    }

    /**
     * Returns who must approve: {@code "owner"} or a principal id.
     *
     * @return the approver, {@code "owner"} when the policy named none
     */
    public String approver() {
      return obligations.approver() == null ? "owner" : obligations.approver();
    }
  }
}

/** Shared validation of decisions. */
final class Checks {
  private Checks() {}

  static void common(
      String decisionId,
      ReasonCode reasonCode,
      Obligations obligations,
      String policyId,
      String policyVersion,
      String argumentDigest,
      String explanation) {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(reasonCode, "reasonCode");
    Objects.requireNonNull(obligations, "obligations");
    Objects.requireNonNull(policyId, "policyId");
    Objects.requireNonNull(policyVersion, "policyVersion");
    Objects.requireNonNull(argumentDigest, "argumentDigest");
    Objects.requireNonNull(explanation, "explanation");
    if (decisionId.isBlank()) {
      throw new IllegalArgumentException("decisionId must not be blank");
    }
  }
}
