package io.nhiguard.core.policy;

import io.nhiguard.api.Obligations;
import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.ToolDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The typed Java form of the policy language; it compiles to the same evaluator as the YAML/JSON
 * language and is checked the same way.
 *
 * <pre>{@code
 * CompiledPolicy policy = PolicyBuilder.policy("banking")
 *     .tool(new ToolDescriptor("send_money", ActionKind.PAYMENT, "bank", roles, types, false, Set.of(),
 *         DataSensitivity.CONFIDENTIAL, true))
 *     .permit("pay-known").tools("send_money")
 *         .when(Conditions.arg("recipient").inIntent("recipients"),
 *               Conditions.arg("amount").between(new BigDecimal("0.01"), new BigDecimal("2000")))
 *         .credentialTtl(Duration.ofMinutes(1))
 *     .forbid("no-pay-after-untrusted").tools("send_money").when(Conditions.untrustedContentSeen())
 *     .build();
 * }</pre>
 *
 * <p>Not thread-safe; the policies it builds are immutable.
 *
 * @since 0.1.0
 */
public final class PolicyBuilder {

  private final String id;
  private String version;
  private boolean strict;
  private final Map<String, ToolDescriptor> tools = new LinkedHashMap<>();
  private final List<RuleBuilder> rules = new ArrayList<>();

  private PolicyBuilder(String id) {
    this.id = id;
  }

  /**
   * Starts a policy.
   *
   * @param id the policy id, non-blank
   * @return a builder
   * @throws NullPointerException if {@code id} is null
   */
  public static PolicyBuilder policy(String id) {
    return new PolicyBuilder(Objects.requireNonNull(id, "id"));
  }

  /**
   * Sets the author's version label.
   *
   * @param value the label
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public PolicyBuilder version(String value) {
    if (version != null) {
      throw new IllegalStateException("version is already set to '" + version + "'");
    }
    this.version = Objects.requireNonNull(value, "version");
    return this;
  }

  /**
   * Makes a permit on a mutating tool without a credential TTL cap an error at {@link #build()}.
   *
   * @return this builder
   */
  public PolicyBuilder strict() {
    this.strict = true;
    return this;
  }

  /**
   * Adds a tool to the catalogue.
   *
   * @param tool the catalogue entry
   * @return this builder
   * @throws IllegalStateException if a tool of that name is already declared
   */
  public PolicyBuilder tool(ToolDescriptor tool) {
    Objects.requireNonNull(tool, "tool");
    if (tools.putIfAbsent(tool.name(), tool) != null) {
      throw new IllegalStateException("tool '" + tool.name() + "' is already declared");
    }
    return this;
  }

  /**
   * Starts a permit rule.
   *
   * @param ruleId the rule id
   * @return the rule builder
   */
  public RuleBuilder permit(String ruleId) {
    return rule(ruleId, Effect.PERMIT);
  }

  /**
   * Starts a forbid rule.
   *
   * @param ruleId the rule id
   * @return the rule builder
   */
  public RuleBuilder forbid(String ruleId) {
    return rule(ruleId, Effect.FORBID);
  }

  /**
   * Starts an escalate rule.
   *
   * @param ruleId the rule id
   * @return the rule builder
   */
  public RuleBuilder escalate(String ruleId) {
    return rule(ruleId, Effect.ESCALATE);
  }

  /**
   * Adds a finished rule.
   *
   * @param rule the rule
   * @return this builder
   */
  public PolicyBuilder rule(Rule rule) {
    Objects.requireNonNull(rule, "rule");
    RuleBuilder b = new RuleBuilder(rule.id(), rule.effect());
    b.finished = rule;
    rules.add(b);
    return this;
  }

  private RuleBuilder rule(String ruleId, Effect effect) {
    RuleBuilder b = new RuleBuilder(Objects.requireNonNull(ruleId, "ruleId"), effect);
    rules.add(b);
    return b;
  }

  /**
   * Returns the document without compiling it.
   *
   * @return the document
   * @throws IllegalArgumentException if a rule or the document is malformed
   * @throws IllegalStateException if a rule has no tools
   */
  public PolicyDocument document() {
    List<Rule> built = new ArrayList<>();
    for (RuleBuilder b : rules) {
      built.add(b.toRule());
    }
    return new PolicyDocument(id, version == null ? "" : version, tools, built);
  }

  /**
   * Validates and compiles the policy.
   *
   * @return the compiled policy
   * @throws PolicyDefinitionException if the policy is invalid (unknown tools or arguments, type
   *     mismatches; in strict mode a permit on a mutating tool without a TTL cap)
   */
  public CompiledPolicy build() {
    PolicyDocument doc;
    try {
      doc = document();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new PolicyDefinitionException("java:" + id, 0, 0, e.getMessage());
    }
    return CompiledPolicy.compile(doc, strict, "java:" + id);
  }

  /**
   * Builds one rule inside a {@link PolicyBuilder}; starting the next rule or calling {@link
   * #build()} finishes it. Not thread-safe.
   *
   * @since 0.1.0
   */
  public final class RuleBuilder {
    private final String ruleId;
    private final Effect effect;
    private List<String> ruleTools;
    private List<String> agents;
    private final List<Condition> when = new ArrayList<>();
    private Duration ttl;
    private final Set<String> redactions = new LinkedHashSet<>();
    private String approver;
    private String description;
    private Rule finished;

    private RuleBuilder(String ruleId, Effect effect) {
      this.ruleId = ruleId;
      this.effect = effect;
    }

    /**
     * Sets the tool patterns: exact names, {@code ns.*} or {@code *}.
     *
     * @param patterns the patterns
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public RuleBuilder tools(String... patterns) {
      if (ruleTools != null) {
        throw new IllegalStateException("rule '" + ruleId + "' already has tools");
      }
      ruleTools = List.of(patterns);
      return this;
    }

    /**
     * Sets the agent patterns: SPIFFE ids, {@code label:<label>} or {@code *}; any agent when not
     * called.
     *
     * @param patterns the patterns
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public RuleBuilder agents(String... patterns) {
      if (agents != null) {
        throw new IllegalStateException("rule '" + ruleId + "' already has agents");
      }
      agents = List.of(patterns);
      return this;
    }

    /**
     * Adds conditions, all of which must hold.
     *
     * @param conditions the conditions
     * @return this builder
     */
    public RuleBuilder when(Condition... conditions) {
      when.addAll(List.of(conditions));
      return this;
    }

    /**
     * Sets the credential TTL cap obligation.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public RuleBuilder credentialTtl(Duration value) {
      if (ttl != null) {
        throw new IllegalStateException("rule '" + ruleId + "' already has a credential TTL");
      }
      ttl = Objects.requireNonNull(value, "credentialTtl");
      return this;
    }

    /**
     * Adds arguments to redact from the audit log.
     *
     * @param arguments the argument names
     * @return this builder
     */
    public RuleBuilder redact(String... arguments) {
      redactions.addAll(List.of(arguments));
      return this;
    }

    /**
     * Sets the approver of an escalate rule.
     *
     * @param value {@code owner} or a principal id
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public RuleBuilder approver(String value) {
      if (approver != null) {
        throw new IllegalStateException("rule '" + ruleId + "' already has an approver");
      }
      approver = Objects.requireNonNull(value, "approver");
      return this;
    }

    /**
     * Sets a description.
     *
     * @param value the text
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public RuleBuilder description(String value) {
      if (description != null) {
        throw new IllegalStateException("rule '" + ruleId + "' already has a description");
      }
      description = Objects.requireNonNull(value, "description");
      return this;
    }

    /**
     * Finishes this rule and starts a permit rule.
     *
     * @param nextId the next rule id
     * @return the next rule's builder
     */
    public RuleBuilder permit(String nextId) {
      return PolicyBuilder.this.permit(nextId);
    }

    /**
     * Finishes this rule and starts a forbid rule.
     *
     * @param nextId the next rule id
     * @return the next rule's builder
     */
    public RuleBuilder forbid(String nextId) {
      return PolicyBuilder.this.forbid(nextId);
    }

    /**
     * Finishes this rule and starts an escalate rule.
     *
     * @param nextId the next rule id
     * @return the next rule's builder
     */
    public RuleBuilder escalate(String nextId) {
      return PolicyBuilder.this.escalate(nextId);
    }

    /**
     * Finishes this rule and returns to the policy builder.
     *
     * @return the policy builder
     */
    public PolicyBuilder and() {
      return PolicyBuilder.this;
    }

    /**
     * Finishes this rule and compiles the policy.
     *
     * @return the compiled policy
     * @throws PolicyDefinitionException if the policy is invalid
     */
    public CompiledPolicy build() {
      return PolicyBuilder.this.build();
    }

    private Rule toRule() {
      if (finished != null) {
        return finished;
      }
      if (ruleTools == null) {
        throw new IllegalStateException("rule '" + ruleId + "' has no tools; call tools(..)");
      }
      Obligations o = new Obligations(ttl, redactions, approver);
      return new Rule(ruleId, effect, ruleTools, agents == null ? List.of("*") : agents, when, o,
          description == null ? "" : description);
    }
  }
}
