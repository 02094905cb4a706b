package io.nhiguard.core.policy;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Owner;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.ArgumentCanonicalizer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One policy test case: given an identity, a task (intent and history) and a call, the expected
 * decision kind and, optionally, the deciding rule ids and reason code. Written in Java with
 * {@link #builder(String)} or in YAML (see {@link PolicyTester}).
 *
 * <p>The history's provenance treats a value as trusted when it occurs in the user's request, an
 * intent parameter, the user's own data or a trusted tool output, as {@link
 * io.nhiguard.api.Provenance} describes. The decision time is fixed at {@link #TIME}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PolicyFixture {

  /** The instant every fixture is decided at. */
  public static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

  private final String name;
  private final AgentIdentity identity;
  private final TaskIntent intent;
  private final List<String> toolsUsed;
  private final Set<String> destinationsReached;
  private final Set<String> dataClassesRead;
  private final boolean untrustedContentSeen;
  private final Map<String, BigDecimal> amounts;
  private final List<String> trustedOutputs;
  private final List<String> untrustedOutputs;
  private final String tool;
  private final String argumentsJson;
  private final String expectedKind;
  private final List<String> expectedRules;
  private final ReasonCode expectedReason;

  private PolicyFixture(Builder b) {
    this.name = b.name;
    this.identity = AgentIdentity.builder(AgentId.of(b.agentId)).owner(Owner.of(b.ownerId, b.ownerId))
        .purpose(b.agentPurpose).labels(b.labels).state(LifecycleState.ACTIVE)
        .createdAt(TIME.minus(Duration.ofDays(1))).expiresAt(TIME.plus(Duration.ofDays(365))).build();
    TaskIntent.Builder ib = TaskIntent.builder(b.taskPurpose).userRequest(b.userRequest)
        .sensitivityCeiling(b.sensitivityCeiling).trustedData(b.trustedData);
    b.parameters.forEach(ib::parameter);
    if (b.spendingCap != null) {
      ib.spendingCap(b.spendingCap);
    }
    this.intent = ib.build();
    this.toolsUsed = List.copyOf(b.toolsUsed);
    this.destinationsReached = Set.copyOf(b.destinationsReached);
    this.dataClassesRead = Set.copyOf(b.dataClassesRead);
    this.untrustedContentSeen = b.untrustedContentSeen;
    this.amounts = Map.copyOf(b.amounts);
    this.trustedOutputs = List.copyOf(b.trustedOutputs);
    this.untrustedOutputs = List.copyOf(b.untrustedOutputs);
    this.tool = b.tool;
    this.argumentsJson = b.argumentsJson;
    this.expectedKind = b.expectedKind;
    this.expectedRules = b.expectedRules == null ? null : List.copyOf(b.expectedRules);
    this.expectedReason = b.expectedReason;
  }

  /**
   * Starts a fixture.
   *
   * @param name the fixture name, shown in reports
   * @return a builder
   * @throws NullPointerException if {@code name} is null
   */
  public static Builder builder(String name) {
    return new Builder(Objects.requireNonNull(name, "name"));
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the expected decision kind: {@code PERMIT}, {@code DENY} or {@code ESCALATE}.
   *
   * @return the kind
   */
  public String expectedKind() {
    return expectedKind;
  }

  /**
   * Returns the expected deciding rule ids, if the fixture checks them.
   *
   * @return the sorted ids, or null when not checked
   */
  public List<String> expectedRules() {
    return expectedRules;
  }

  /**
   * Returns the expected reason code, if the fixture checks it.
   *
   * @return the code, or null when not checked
   */
  public ReasonCode expectedReason() {
    return expectedReason;
  }

  /**
   * Builds the authorization request this fixture describes against a policy's catalogue. A tool
   * outside the catalogue gets a bare READ descriptor so that the policy's unknown-tool denial
   * is exercised.
   *
   * @param pdp the policy
   * @return the request
   * @throws io.nhiguard.api.MalformedArgumentsException if the arguments are not strict JSON of
   *     the declared types
   * @throws NullPointerException if {@code pdp} is null
   */
  public AuthorizationRequest request(PolicyDecisionPoint pdp) {
    java.util.Optional<ToolDescriptor> known = pdp.tool(tool);
    ToolDescriptor descriptor = known.orElseGet(() -> ToolDescriptor.of(tool, ActionKind.READ, "local"));
    CanonicalArguments args =
        known.isPresent() ? ArgumentCanonicalizer.parse(argumentsJson, descriptor) : ArgumentCanonicalizer.parse(argumentsJson);
    String taskId = "task-" + Integer.toHexString(name.hashCode());
    FixtureContext task = new FixtureContext(taskId, identity.id(), intent, TIME.plus(Duration.ofHours(1)),
        toolsUsed, destinationsReached, dataClassesRead, untrustedContentSeen, amounts, trustedOutputs,
        untrustedOutputs);
    ToolCall call = new ToolCall("call-" + Integer.toHexString(name.hashCode()), identity.id(), taskId, tool, argumentsJson);
    return new AuthorizationRequest(call, descriptor, args, identity, task, TIME);
  }

  @Override
  public String toString() {
    return "PolicyFixture[" + io.nhiguard.api.SafeText.quote(name) + "]";
  }

  /**
   * Builds {@link PolicyFixture}s. Defaults: agent {@code spiffe://example.org/agent/test} owned
   * by {@code owner} with no labels; task purpose {@code test} with an empty request, no
   * parameters, no cap and a {@code CONFIDENTIAL} ceiling; an empty history. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String name;
    private String agentId = "spiffe://example.org/agent/test";
    private String ownerId = "owner";
    private String agentPurpose = "test";
    private Set<String> labels = Set.of();
    private String taskPurpose = "test";
    private String userRequest = "";
    private final Map<String, List<String>> parameters = new LinkedHashMap<>();
    private BigDecimal spendingCap;
    private DataSensitivity sensitivityCeiling = DataSensitivity.CONFIDENTIAL;
    private List<String> trustedData = List.of();
    private final List<String> toolsUsed = new ArrayList<>();
    private final Set<String> destinationsReached = new LinkedHashSet<>();
    private final Set<String> dataClassesRead = new LinkedHashSet<>();
    private boolean untrustedContentSeen;
    private final Map<String, BigDecimal> amounts = new LinkedHashMap<>();
    private final List<String> trustedOutputs = new ArrayList<>();
    private final List<String> untrustedOutputs = new ArrayList<>();
    private String tool;
    private String argumentsJson = "{}";
    private String expectedKind;
    private List<String> expectedRules;
    private ReasonCode expectedReason;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the agent.
     *
     * @param spiffeId the agent's SPIFFE id
     * @param owner the owner id
     * @param labels the labels
     * @return this builder
     */
    public Builder agent(String spiffeId, String owner, Set<String> labels) {
      this.agentId = Objects.requireNonNull(spiffeId, "spiffeId");
      this.ownerId = Objects.requireNonNull(owner, "owner");
      this.labels = Set.copyOf(labels);
      return this;
    }

    /**
     * Sets the agent's declared purpose.
     *
     * @param purpose the purpose, non-blank
     * @return this builder
     */
    public Builder agentPurpose(String purpose) {
      this.agentPurpose = Objects.requireNonNull(purpose, "purpose");
      return this;
    }

    /**
     * Sets the task purpose and user request.
     *
     * @param purpose the purpose, non-blank
     * @param userRequest the user's request text
     * @return this builder
     */
    public Builder task(String purpose, String userRequest) {
      this.taskPurpose = Objects.requireNonNull(purpose, "purpose");
      this.userRequest = Objects.requireNonNull(userRequest, "userRequest");
      return this;
    }

    /**
     * Sets a trusted intent parameter.
     *
     * @param name the parameter name
     * @param values the values
     * @return this builder
     */
    public Builder intentParameter(String name, List<String> values) {
      parameters.put(Objects.requireNonNull(name, "name"), List.copyOf(values));
      return this;
    }

    /**
     * Sets the spending cap.
     *
     * @param cap the cap, not negative
     * @return this builder
     */
    public Builder spendingCap(BigDecimal cap) {
      this.spendingCap = Objects.requireNonNull(cap, "cap");
      return this;
    }

    /**
     * Sets the sensitivity ceiling.
     *
     * @param ceiling the ceiling
     * @return this builder
     */
    public Builder sensitivityCeiling(DataSensitivity ceiling) {
      this.sensitivityCeiling = Objects.requireNonNull(ceiling, "ceiling");
      return this;
    }

    /**
     * Sets the user's own data (trusted context).
     *
     * @param data the texts
     * @return this builder
     */
    public Builder trustedData(List<String> data) {
      this.trustedData = List.copyOf(data);
      return this;
    }

    /**
     * Records a tool that already ran in the task.
     *
     * @param toolName the tool
     * @return this builder
     */
    public Builder toolUsed(String toolName) {
      toolsUsed.add(Objects.requireNonNull(toolName, "toolName"));
      return this;
    }

    /**
     * Records a destination already reached.
     *
     * @param destination the destination
     * @return this builder
     */
    public Builder destinationReached(String destination) {
      destinationsReached.add(Objects.requireNonNull(destination, "destination"));
      return this;
    }

    /**
     * Records a data class already read.
     *
     * @param dataClass the class
     * @return this builder
     */
    public Builder dataClassRead(String dataClass) {
      dataClassesRead.add(Objects.requireNonNull(dataClass, "dataClass"));
      return this;
    }

    /**
     * Marks that untrusted content has entered the context.
     *
     * @param seen whether it has
     * @return this builder
     */
    public Builder untrustedContentSeen(boolean seen) {
      this.untrustedContentSeen = seen;
      return this;
    }

    /**
     * Records an amount already spent through a tool.
     *
     * @param toolName the tool
     * @param amount the cumulative amount
     * @return this builder
     */
    public Builder amountSpent(String toolName, BigDecimal amount) {
      amounts.put(Objects.requireNonNull(toolName, "toolName"), Objects.requireNonNull(amount, "amount"));
      return this;
    }

    /**
     * Records the output of a trusted tool (trusted context for provenance).
     *
     * @param text the output
     * @return this builder
     */
    public Builder trustedOutput(String text) {
      trustedOutputs.add(Objects.requireNonNull(text, "text"));
      return this;
    }

    /**
     * Records the output of an untrusted tool; also marks untrusted content as seen.
     *
     * @param text the output
     * @return this builder
     */
    public Builder untrustedOutput(String text) {
      untrustedOutputs.add(Objects.requireNonNull(text, "text"));
      return this;
    }

    /**
     * Sets the call.
     *
     * @param toolName the tool name
     * @param argumentsJson the arguments as a JSON object
     * @return this builder
     */
    public Builder call(String toolName, String argumentsJson) {
      this.tool = Objects.requireNonNull(toolName, "toolName");
      this.argumentsJson = Objects.requireNonNull(argumentsJson, "argumentsJson");
      return this;
    }

    /**
     * Sets the expected decision.
     *
     * @param kind {@code PERMIT}, {@code DENY} or {@code ESCALATE} (any case)
     * @param ruleIds the deciding rule ids, or null not to check them
     * @param reason the reason code, or null not to check it
     * @return this builder
     */
    public Builder expect(String kind, List<String> ruleIds, ReasonCode reason) {
      String k = Objects.requireNonNull(kind, "kind").toUpperCase(java.util.Locale.ROOT);
      if (!k.equals("PERMIT") && !k.equals("DENY") && !k.equals("ESCALATE")) {
        throw new IllegalArgumentException("expected decision '" + io.nhiguard.api.SafeText.quote(kind)
            + "' is not permit, deny or escalate");
      }
      this.expectedKind = k;
      if (ruleIds != null) {
        List<String> sorted = new ArrayList<>(ruleIds);
        sorted.sort(null);
        this.expectedRules = sorted;
      } else {
        this.expectedRules = null;
      }
      this.expectedReason = reason;
      return this;
    }

    /**
     * Builds the fixture.
     *
     * @return the fixture
     * @throws IllegalStateException if no call or no expectation was set
     */
    public PolicyFixture build() {
      if (tool == null) {
        throw new IllegalStateException("fixture '" + name + "' has no call; call call(tool, argumentsJson)");
      }
      if (expectedKind == null) {
        throw new IllegalStateException("fixture '" + name + "' has no expectation; call expect(..)");
      }
      return new PolicyFixture(this);
    }
  }
}
