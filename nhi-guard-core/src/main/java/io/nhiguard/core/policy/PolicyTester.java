package io.nhiguard.core.policy;

import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.Decision;
import io.nhiguard.api.MalformedArgumentsException;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs policy fixtures (given identity, task and call, expect a decision and its rules) against a
 * policy, the way {@code opa test} runs Rego tests: in memory, from a JUnit test, with a readable
 * diff on failure.
 *
 * <pre>{@code
 * @Test
 * void policyFixturesPass() {
 *   PolicyTester.of(Policies.fromClasspath("policies/banking.yaml"))
 *       .runClasspath("policies/banking-tests.yaml")
 *       .assertAllPassed();
 * }
 * }</pre>
 *
 * <p>The YAML fixture format:
 *
 * <pre>
 * fixtures:
 *   - name: pays a recipient named by the application
 *     agent: { id: spiffe://corp/agent/bank, owner: alice, labels: [finance], purpose: banking }
 *     task:
 *       purpose: pay rent
 *       userRequest: Pay my rent
 *       parameters: { recipients: [GB29NWBK60161331926819] }
 *       spendingCap: 2000
 *       sensitivityCeiling: confidential
 *       trustedData: []
 *       history:
 *         toolsUsed: [get_balance]
 *         destinationsReached: [bank]
 *         dataClassesRead: []
 *         untrustedContentSeen: false
 *         amounts: { send_money: 100 }
 *         trustedOutputs: []
 *         untrustedOutputs: []
 *     call: { tool: send_money, args: { recipient: GB29NWBK60161331926819, amount: 1200 } }
 *     expect: { decision: permit, rules: [pay-known-recipients], reason: permitted_by_rule }
 * </pre>
 *
 * <p>Only {@code name}, {@code call} and {@code expect.decision} are required. Arguments are
 * parsed strictly against the tool's declared types, as the guard does; arguments the guard would
 * reject count as {@code DENY} with {@code MALFORMED_ARGUMENTS}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PolicyTester {

  private static final Set<String> FIXTURE = Set.of("name", "agent", "task", "call", "expect");
  private static final Set<String> AGENT = Set.of("id", "owner", "labels", "purpose");
  private static final Set<String> TASK = Set.of("purpose", "userRequest", "parameters", "spendingCap",
      "sensitivityCeiling", "trustedData", "history");
  private static final Set<String> HISTORY = Set.of("toolsUsed", "destinationsReached", "dataClassesRead",
      "untrustedContentSeen", "amounts", "trustedOutputs", "untrustedOutputs");
  private static final Set<String> CALL = Set.of("tool", "args");
  private static final Set<String> EXPECT = Set.of("decision", "rules", "reason");

  private final PolicyDecisionPoint pdp;

  private PolicyTester(PolicyDecisionPoint pdp) {
    this.pdp = pdp;
  }

  /**
   * Creates a tester for a policy.
   *
   * @param pdp the policy under test
   * @return the tester
   * @throws NullPointerException if {@code pdp} is null
   */
  public static PolicyTester of(PolicyDecisionPoint pdp) {
    return new PolicyTester(Objects.requireNonNull(pdp, "pdp"));
  }

  /**
   * Runs fixtures.
   *
   * @param fixtures the fixtures
   * @return the report
   * @throws NullPointerException if {@code fixtures} or an element is null
   */
  public PolicyTestReport run(List<PolicyFixture> fixtures) {
    List<FixtureResult> results = new ArrayList<>();
    for (PolicyFixture f : List.copyOf(fixtures)) {
      results.add(run(f));
    }
    return new PolicyTestReport(pdp.policyId(), results);
  }

  /**
   * Runs fixtures written in YAML.
   *
   * @param sourceName the name used in error messages
   * @param yaml the fixture document
   * @return the report
   * @throws PolicyDefinitionException if the fixture document is malformed, with line and column
   */
  public PolicyTestReport runYaml(String sourceName, String yaml) {
    return run(parseFixtures(sourceName, yaml));
  }

  /**
   * Runs fixtures from a YAML classpath resource.
   *
   * @param resource the resource name
   * @return the report
   * @throws PolicyDefinitionException if the resource is missing or malformed
   */
  public PolicyTestReport runClasspath(String resource) {
    String name = Objects.requireNonNull(resource, "resource").startsWith("/") ? resource.substring(1) : resource;
    InputStream in = PolicyTester.class.getClassLoader().getResourceAsStream(name);
    if (in == null && Thread.currentThread().getContextClassLoader() != null) {
      in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
    }
    if (in == null) {
      throw new PolicyDefinitionException("classpath:" + name, 0, 0, "no such classpath resource");
    }
    try (InputStream stream = in) {
      return runYaml("classpath:" + name, new String(stream.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PolicyDefinitionException("classpath:" + name, 0, 0, "cannot read: " + SafeText.quote(e.getMessage()));
    }
  }

  private FixtureResult run(PolicyFixture f) {
    String kind;
    List<String> rules;
    ReasonCode reason;
    String explanation;
    try {
      Decision d = pdp.decide(f.request(pdp));
      kind = d.kind();
      rules = d.ruleIds();
      reason = d.reasonCode();
      explanation = d.explanation();
    } catch (MalformedArgumentsException e) {
      kind = "DENY";
      rules = List.of();
      reason = ReasonCode.MALFORMED_ARGUMENTS;
      explanation = "DENY (MALFORMED_ARGUMENTS): " + e.getMessage();
    }
    boolean passed = kind.equals(f.expectedKind())
        && (f.expectedRules() == null || f.expectedRules().equals(rules))
        && (f.expectedReason() == null || f.expectedReason() == reason);
    String diff = "";
    if (!passed) {
      StringBuilder sb = new StringBuilder("FAIL ").append(SafeText.quote(f.name()));
      sb.append("\n  - expected: ").append(f.expectedKind());
      if (f.expectedReason() != null) {
        sb.append(" (").append(f.expectedReason()).append(')');
      }
      if (f.expectedRules() != null) {
        sb.append(" by ").append(f.expectedRules());
      }
      sb.append("\n  + actual:   ").append(kind).append(" (").append(reason).append(") by ").append(rules);
      sb.append("\n  explanation:\n    ").append(explanation.replace("\n", "\n    "));
      diff = sb.toString();
    }
    return new FixtureResult(f.name(), passed, kind, rules, reason, explanation, diff);
  }

  /**
   * Parses a YAML fixture document.
   *
   * @param sourceName the name used in error messages
   * @param yaml the document
   * @return the fixtures
   * @throws PolicyDefinitionException if the document is malformed, with line and column
   * @throws NullPointerException if an argument is null
   */
  public static List<PolicyFixture> parseFixtures(String sourceName, String yaml) {
    SourceNode root = SourceNode.read(Objects.requireNonNull(sourceName, "sourceName"), Objects.requireNonNull(yaml, "yaml"));
    expectMap(root);
    only(root, Set.of("fixtures"));
    SourceNode list = need(root, "fixtures");
    if (list.kind != SourceNode.Kind.LIST) {
      throw list.error("'fixtures' must be a list");
    }
    List<PolicyFixture> out = new ArrayList<>();
    for (SourceNode n : list.items) {
      out.add(fixture(n));
    }
    return out;
  }

  private static PolicyFixture fixture(SourceNode n) {
    expectMap(n);
    only(n, FIXTURE);
    PolicyFixture.Builder b = PolicyFixture.builder(text(need(n, "name")));
    try {
      SourceNode agent = n.fields.get("agent");
      if (agent != null) {
        expectMap(agent);
        only(agent, AGENT);
        b.agent(text(need(agent, "id")), agent.fields.containsKey("owner") ? text(agent.fields.get("owner")) : "owner",
            agent.fields.containsKey("labels") ? new LinkedHashSet<>(texts(agent.fields.get("labels"))) : Set.of());
        if (agent.fields.containsKey("purpose")) {
          b.agentPurpose(text(agent.fields.get("purpose")));
        }
      }
      SourceNode task = n.fields.get("task");
      if (task != null) {
        task(b, task);
      }
      SourceNode call = need(n, "call");
      expectMap(call);
      only(call, CALL);
      SourceNode args = call.fields.get("args");
      b.call(text(need(call, "tool")), args == null ? "{}" : json(args));
      SourceNode expect = need(n, "expect");
      expectMap(expect);
      only(expect, EXPECT);
      List<String> rules = expect.fields.containsKey("rules") ? texts(expect.fields.get("rules")) : null;
      ReasonCode reason = null;
      if (expect.fields.containsKey("reason")) {
        SourceNode r = expect.fields.get("reason");
        try {
          reason = ReasonCode.valueOf(text(r).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw r.error("unknown reason code '" + SafeText.quote(r.text) + "'");
        }
      }
      b.expect(text(need(expect, "decision")), rules, reason);
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw n.error(e.getMessage());
    }
  }

  private static void task(PolicyFixture.Builder b, SourceNode task) {
    expectMap(task);
    only(task, TASK);
    b.task(task.fields.containsKey("purpose") ? text(task.fields.get("purpose")) : "test",
        task.fields.containsKey("userRequest") ? text(task.fields.get("userRequest")) : "");
    SourceNode params = task.fields.get("parameters");
    if (params != null) {
      expectMap(params);
      params.fields.forEach((k, v) -> b.intentParameter(k, texts(v)));
    }
    if (task.fields.containsKey("spendingCap")) {
      b.spendingCap(number(task.fields.get("spendingCap")));
    }
    if (task.fields.containsKey("sensitivityCeiling")) {
      SourceNode s = task.fields.get("sensitivityCeiling");
      try {
        b.sensitivityCeiling(DataSensitivity.valueOf(text(s).toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw s.error("unknown sensitivity '" + SafeText.quote(s.text) + "'");
      }
    }
    if (task.fields.containsKey("trustedData")) {
      b.trustedData(texts(task.fields.get("trustedData")));
    }
    SourceNode h = task.fields.get("history");
    if (h != null) {
      expectMap(h);
      only(h, HISTORY);
      list(h, "toolsUsed").forEach(b::toolUsed);
      list(h, "destinationsReached").forEach(b::destinationReached);
      list(h, "dataClassesRead").forEach(b::dataClassRead);
      list(h, "trustedOutputs").forEach(b::trustedOutput);
      list(h, "untrustedOutputs").forEach(b::untrustedOutput);
      if (h.fields.containsKey("untrustedContentSeen")) {
        SourceNode u = h.fields.get("untrustedContentSeen");
        if (u.kind != SourceNode.Kind.BOOLEAN) {
          throw u.error("'untrustedContentSeen' must be true or false");
        }
        b.untrustedContentSeen(Boolean.parseBoolean(u.text));
      }
      SourceNode amounts = h.fields.get("amounts");
      if (amounts != null) {
        expectMap(amounts);
        amounts.fields.forEach((k, v) -> b.amountSpent(k, number(v)));
      }
    }
  }

  private static List<String> list(SourceNode n, String key) {
    return n.fields.containsKey(key) ? texts(n.fields.get(key)) : List.of();
  }

  private static String json(SourceNode n) {
    StringBuilder sb = new StringBuilder();
    writeJson(n, sb);
    return sb.toString();
  }

  private static void writeJson(SourceNode n, StringBuilder sb) {
    switch (n.kind) {
      case MAP: {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, SourceNode> e : n.fields.entrySet()) {
          sb.append(first ? "" : ",");
          first = false;
          string(e.getKey(), sb);
          sb.append(':');
          writeJson(e.getValue(), sb);
        }
        sb.append('}');
        break;
      }
      case LIST: {
        sb.append('[');
        for (int i = 0; i < n.items.size(); i++) {
          sb.append(i == 0 ? "" : ",");
          writeJson(n.items.get(i), sb);
        }
        sb.append(']');
        break;
      }
      case STRING:
        string(n.text, sb);
        break;
      case NULL:
        sb.append("null");
        break;
      default:
        sb.append(n.text);
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  private static void expectMap(SourceNode n) {
    if (n.kind != SourceNode.Kind.MAP) {
      throw n.error("expected a mapping, but found " + n.kindName());
    }
  }

  private static void only(SourceNode n, Set<String> known) {
    for (String k : n.fields.keySet()) {
      if (!known.contains(k)) {
        throw n.keys.get(k).error("unknown field '" + SafeText.quote(k) + "'; expected one of " + new java.util.TreeSet<>(known));
      }
    }
  }

  private static SourceNode need(SourceNode n, String key) {
    SourceNode v = n.fields.get(key);
    if (v == null) {
      throw n.error("missing required key '" + key + "'");
    }
    return v;
  }

  private static String text(SourceNode n) {
    if (n.kind != SourceNode.Kind.STRING) {
      throw n.error("expected a string, but found " + n.kindName());
    }
    return n.text;
  }

  private static List<String> texts(SourceNode n) {
    if (n.kind != SourceNode.Kind.LIST) {
      throw n.error("expected a list, but found " + n.kindName());
    }
    List<String> out = new ArrayList<>();
    for (SourceNode i : n.items) {
      out.add(text(i));
    }
    return out;
  }

  private static BigDecimal number(SourceNode n) {
    if (n.kind != SourceNode.Kind.NUMBER) {
      throw n.error("expected a number, but found " + n.kindName());
    }
    try {
      return new BigDecimal(n.text);
    } catch (NumberFormatException e) {
      throw n.error("'" + SafeText.quote(n.text) + "' is not a plain decimal number");
    }
  }
}
