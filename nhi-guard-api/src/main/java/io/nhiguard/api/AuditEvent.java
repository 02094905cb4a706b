package io.nhiguard.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The content of one audit record: a decision, a tool outcome, a lifecycle transition, an approval
 * or a revocation, with everything needed to re-evaluate a decision.
 *
 * <p>Unused text fields hold {@code ""}; nothing holds a secret (arguments are redacted per the
 * decision's obligations and the catalogue's {@link ArgumentRole#SECRET} roles; a credential
 * appears only as its lease id).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param type what kind of event this is
 * @param time when it happened (wall-clock)
 * @param decisionId the decision id, or {@code ""}
 * @param callId the tool-call id, or {@code ""}
 * @param agent the agent's SPIFFE ID, or {@code ""}
 * @param owner the owner's principal id, or {@code ""}
 * @param taskId the task id, or {@code ""}
 * @param delegationChain the delegating agents' SPIFFE IDs, root first
 * @param toolName the tool name as requested (escaped when written), or {@code ""}
 * @param arguments the canonical arguments with redactions applied, or {@code ""}
 * @param argumentDigest the SHA-256 of the unredacted canonical arguments, or {@code ""}
 * @param policyId the policy id, or {@code ""}
 * @param policyVersion the policy version digest, or {@code ""}
 * @param decision {@code PERMIT}, {@code DENY}, {@code ESCALATE}, or {@code ""}
 * @param reasonCode the reason code name, or {@code ""}
 * @param ruleIds the deciding rules
 * @param errors evaluation errors as text
 * @param obligations obligations as text key/values (for example {@code credentialTtlCap})
 * @param leaseId the credential lease id (never the token), or {@code ""}
 * @param outcome the outcome
 * @param durationNanos how long the step took, in nanoseconds (monotonic clock); not negative
 * @param enforced false when the guard ran in shadow mode and did not enforce the decision
 * @param facts the request facts for replay (identity, task intent, history, provenance), as
 *     canonical JSON, or {@code ""}
 * @param details further key/values (lifecycle: from, to, actor, reason)
 * @since 0.1.0
 */
public record AuditEvent(
    Type type,
    Instant time,
    String decisionId,
    String callId,
    String agent,
    String owner,
    String taskId,
    List<String> delegationChain,
    String toolName,
    String arguments,
    String argumentDigest,
    String policyId,
    String policyVersion,
    String decision,
    String reasonCode,
    List<String> ruleIds,
    List<String> errors,
    Map<String, String> obligations,
    String leaseId,
    Outcome outcome,
    long durationNanos,
    boolean enforced,
    String facts,
    Map<String, String> details) {

  /** What an audit event records. */
  public enum Type {
    /** A policy decision on a tool call. */
    DECISION,
    /** What happened when the call ran (or did not). */
    OUTCOME,
    /** An identity lifecycle transition. */
    LIFECYCLE,
    /** An approval request, grant, rejection or expiry. */
    APPROVAL,
    /** A credential lease or revocation. */
    CREDENTIAL,
    /** A task started, closed or lost confidence. */
    TASK,
    /** A policy was loaded or replaced. */
    POLICY
  }

  /** The outcome recorded with an event. */
  public enum Outcome {
    /** Not an outcome record. */
    NONE,
    /** Permitted; the tool is about to run. */
    PERMITTED,
    /** The tool ran and returned. */
    EXECUTED,
    /** The tool ran and failed. */
    FAILED,
    /** The call was denied. */
    DENIED,
    /** The call was escalated to a human. */
    ESCALATED,
    /** A human approved. */
    APPROVED,
    /** A human rejected. */
    REJECTED,
    /** The approval expired or timed out. */
    EXPIRED
  }

  /**
   * Validates an event.
   *
   * @param type the {@code type} component
   * @param time the {@code time} component
   * @param decisionId the {@code decisionId} component
   * @param callId the {@code callId} component
   * @param agent the {@code agent} component
   * @param owner the {@code owner} component
   * @param taskId the {@code taskId} component
   * @param delegationChain the {@code delegationChain} component
   * @param toolName the {@code toolName} component
   * @param arguments the {@code arguments} component
   * @param argumentDigest the {@code argumentDigest} component
   * @param policyId the {@code policyId} component
   * @param policyVersion the {@code policyVersion} component
   * @param decision the {@code decision} component
   * @param reasonCode the {@code reasonCode} component
   * @param ruleIds the {@code ruleIds} component
   * @param errors the {@code errors} component
   * @param obligations the {@code obligations} component
   * @param leaseId the {@code leaseId} component
   * @param outcome the {@code outcome} component
   * @param durationNanos the {@code durationNanos} component
   * @param enforced the {@code enforced} component
   * @param facts the {@code facts} component
   * @param details the {@code details} component
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if {@code durationNanos} is negative
   */
  public AuditEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(taskId, "taskId");
    delegationChain = List.copyOf(Objects.requireNonNull(delegationChain, "delegationChain"));
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(argumentDigest, "argumentDigest");
    Objects.requireNonNull(policyId, "policyId");
    Objects.requireNonNull(policyVersion, "policyVersion");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reasonCode, "reasonCode");
    ruleIds = List.copyOf(Objects.requireNonNull(ruleIds, "ruleIds"));
    errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
    obligations = Map.copyOf(Objects.requireNonNull(obligations, "obligations"));
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(facts, "facts");
    details = Map.copyOf(Objects.requireNonNull(details, "details"));
    if (durationNanos < 0) {
      throw new IllegalArgumentException("durationNanos must not be negative, but was " + durationNanos);
    }
  }

  /**
   * Starts a builder with every text field empty.
   *
   * @param type the type
   * @param time the time
   * @return the builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(Type type, Instant time) {
    return new Builder(Objects.requireNonNull(type, "type"), Objects.requireNonNull(time, "time"));
  }

  /**
   * Builds {@link AuditEvent}s. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Type type;
    private final Instant time;
    private String decisionId = "";
    private String callId = "";
    private String agent = "";
    private String owner = "";
    private String taskId = "";
    private List<String> delegationChain = List.of();
    private String toolName = "";
    private String arguments = "";
    private String argumentDigest = "";
    private String policyId = "";
    private String policyVersion = "";
    private String decision = "";
    private String reasonCode = "";
    private List<String> ruleIds = List.of();
    private List<String> errors = List.of();
    private Map<String, String> obligations = Map.of();
    private String leaseId = "";
    private Outcome outcome = Outcome.NONE;
    private long durationNanos;
    private boolean enforced = true;
    private String facts = "";
    private Map<String, String> details = Map.of();

    private Builder(Type type, Instant time) {
      this.type = type;
      this.time = time;
    }

    /**
     * Sets the decision id.
     *
     * @param v the decision id
     * @return this builder
     */
    public Builder decisionId(String v) { this.decisionId = v; return this; }
    /**
     * Sets the call id.
     *
     * @param v the call id
     * @return this builder
     */
    public Builder callId(String v) { this.callId = v; return this; }
    /**
     * Sets the agent SPIFFE ID.
     *
     * @param v the agent SPIFFE ID
     * @return this builder
     */
    public Builder agent(String v) { this.agent = v; return this; }
    /**
     * Sets the owner principal id.
     *
     * @param v the owner principal id
     * @return this builder
     */
    public Builder owner(String v) { this.owner = v; return this; }
    /**
     * Sets the task id.
     *
     * @param v the task id
     * @return this builder
     */
    public Builder taskId(String v) { this.taskId = v; return this; }
    /**
     * Sets the delegation chain.
     *
     * @param v the delegation chain
     * @return this builder
     */
    public Builder delegationChain(List<String> v) { this.delegationChain = v; return this; }
    /**
     * Sets the tool name.
     *
     * @param v the tool name
     * @return this builder
     */
    public Builder toolName(String v) { this.toolName = v; return this; }
    /**
     * Sets the redacted canonical arguments.
     *
     * @param v the redacted canonical arguments
     * @return this builder
     */
    public Builder arguments(String v) { this.arguments = v; return this; }
    /**
     * Sets the argument digest.
     *
     * @param v the argument digest
     * @return this builder
     */
    public Builder argumentDigest(String v) { this.argumentDigest = v; return this; }
    /**
     * Sets the policy id.
     *
     * @param v the policy id
     * @return this builder
     */
    public Builder policyId(String v) { this.policyId = v; return this; }
    /**
     * Sets the policy version.
     *
     * @param v the policy version
     * @return this builder
     */
    public Builder policyVersion(String v) { this.policyVersion = v; return this; }
    /**
     * Sets the decision kind.
     *
     * @param v the decision kind
     * @return this builder
     */
    public Builder decision(String v) { this.decision = v; return this; }
    /**
     * Sets the reason code.
     *
     * @param v the reason code
     * @return this builder
     */
    public Builder reasonCode(String v) { this.reasonCode = v; return this; }
    /**
     * Sets the rule ids.
     *
     * @param v the rule ids
     * @return this builder
     */
    public Builder ruleIds(List<String> v) { this.ruleIds = v; return this; }
    /**
     * Sets the errors.
     *
     * @param v the errors
     * @return this builder
     */
    public Builder errors(List<String> v) { this.errors = v; return this; }
    /**
     * Sets the obligations.
     *
     * @param v the obligations
     * @return this builder
     */
    public Builder obligations(Map<String, String> v) { this.obligations = v; return this; }
    /**
     * Sets the lease id.
     *
     * @param v the lease id
     * @return this builder
     */
    public Builder leaseId(String v) { this.leaseId = v; return this; }
    /**
     * Sets the outcome.
     *
     * @param v the outcome
     * @return this builder
     */
    public Builder outcome(Outcome v) { this.outcome = v; return this; }
    /**
     * Sets the duration in nanoseconds.
     *
     * @param v the duration in nanoseconds
     * @return this builder
     */
    public Builder durationNanos(long v) { this.durationNanos = v; return this; }
    /**
     * Sets the whether enforced.
     *
     * @param v the whether enforced
     * @return this builder
     */
    public Builder enforced(boolean v) { this.enforced = v; return this; }
    /**
     * Sets the request facts JSON.
     *
     * @param v the request facts JSON
     * @return this builder
     */
    public Builder facts(String v) { this.facts = v; return this; }
    /**
     * Sets the details.
     *
     * @param v the details
     * @return this builder
     */
    public Builder details(Map<String, String> v) { this.details = v; return this; }

    /**
     * Builds the event.
     *
     * @return the event
     * @throws NullPointerException if a field was set to null
     */
    public AuditEvent build() {
      return new AuditEvent(type, time, decisionId, callId, agent, owner, taskId, delegationChain, toolName,
          arguments, argumentDigest, policyId, policyVersion, decision, reasonCode, ruleIds, errors,
          obligations, leaseId, outcome, durationNanos, enforced, facts, details);
    }
  }
}
