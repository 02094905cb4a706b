package io.nhiguard.core.policy;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.Decision;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.RuleError;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolDescriptor;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compiled, immutable, indexed policy: the built-in policy decision point.
 *
 * <p>Compilation validates the document (unknown tools and arguments, type mismatches, malformed
 * patterns; in strict mode also a permit on a WRITE, DELETE, SEND, PAYMENT or EXECUTE tool without
 * a credential TTL cap), then builds, for every tool of the catalogue, the candidate rules that
 * target it (exact names, namespace wildcards and {@code *} resolved once), split into rules for
 * any agent, rules for named agent ids, and rules for agent labels. A decision looks up one tool
 * entry and evaluates only its candidates.
 *
 * <p>Semantics: rules are unordered; combining is forbid &gt; escalate &gt; permit &gt; default
 * deny; an error while evaluating an applicable rule denies ({@link ReasonCode#RULE_EVALUATION_ERROR}),
 * an intentional difference from Cedar, which skips such a rule. A tool outside the catalogue is
 * denied with {@link ReasonCode#UNKNOWN_TOOL}. Every decision is bound to the digest of the
 * canonical arguments and carries an explanation listing each candidate rule and the outcome of
 * each of its conditions. {@link #decide} never throws and never returns null.
 *
 * <p>Instances are immutable and thread-safe; reload by compiling a new instance and swapping it
 * (see {@link ReloadablePolicy}).
 *
 * @since 0.1.0
 */
public final class CompiledPolicy implements PolicyDecisionPoint {

  private static final Logger log = LoggerFactory.getLogger(CompiledPolicy.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final CompiledRule[] NO_RULES = new CompiledRule[0];

  private final PolicyDocument document;
  private final String versionDigest;
  private final Map<String, ToolIndex> index;
  private final List<String> warnings;
  private final String decisionPrefix;
  private final String explanationPolicy;
  private final AtomicLong counter = new AtomicLong();

  private CompiledPolicy(PolicyDocument document, String versionDigest, Map<String, ToolIndex> index, List<String> warnings) {
    this.document = document;
    this.versionDigest = versionDigest;
    this.index = index;
    this.warnings = List.copyOf(warnings);
    byte[] nonce = new byte[6];
    RANDOM.nextBytes(nonce);
    this.decisionPrefix = HexFormat.of().formatHex(nonce) + "-";
    this.explanationPolicy = " of policy '" + SafeText.quote(document.id()) + "' version " + versionDigest.substring(0, 12);
  }

  /**
   * Compiles a document leniently: a permit on a mutating tool without a TTL cap is a warning.
   *
   * @param document the document
   * @return the compiled policy
   * @throws PolicyDefinitionException if the document is invalid
   * @throws NullPointerException if {@code document} is null
   */
  public static CompiledPolicy compile(PolicyDocument document) {
    return compile(document, false, "policy:" + Objects.requireNonNull(document, "document").id());
  }

  /**
   * Compiles a document.
   *
   * @param document the document
   * @param strict whether a permit on a mutating tool without a TTL cap is an error
   * @param sourceName the name used in error messages
   * @return the compiled policy
   * @throws PolicyDefinitionException if the document is invalid
   * @throws NullPointerException if an argument is null
   */
  public static CompiledPolicy compile(PolicyDocument document, boolean strict, String sourceName) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(sourceName, "sourceName");
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> ttl = new ArrayList<>();
    PolicyChecks.checkDocument(document, errors, warnings, ttl);
    if (strict) {
      errors.addAll(ttl);
    } else {
      warnings.addAll(ttl);
    }
    if (!errors.isEmpty()) {
      throw new PolicyDefinitionException(sourceName, 0, 0, String.join("; ", errors));
    }
    return build(document, warnings);
  }

  /** Builds the index of an already validated document. */
  static CompiledPolicy build(PolicyDocument document, List<String> warnings) {
    String digest = CanonicalArguments.sha256Hex(PolicyPrinter.toJson(document));
    List<Rule> sorted = new ArrayList<>(document.rules());
    sorted.sort(Comparator.comparing(Rule::id));
    Map<String, List<Rule>> byTool = new HashMap<>();
    for (String name : document.tools().keySet()) {
      byTool.put(name, new ArrayList<>());
    }
    List<String> namespaces = new ArrayList<>();
    for (Rule r : sorted) {
      for (String p : r.tools()) {
        if (p.endsWith(".*") || p.equals("*")) {
          namespaces.add(p);
        }
      }
    }
    for (Rule r : sorted) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String p : r.tools()) {
        if (p.equals("*") || p.endsWith(".*")) {
          for (String name : document.tools().keySet()) {
            if (Rule.toolMatches(p, name) && seen.add(name)) {
              byTool.get(name).add(r);
            }
          }
        } else if (byTool.containsKey(p) && seen.add(p)) {
          byTool.get(p).add(r);
        }
      }
    }
    Map<String, CompiledRule> compiled = new HashMap<>();
    for (Rule r : sorted) {
      compiled.put(r.id(), new CompiledRule(r));
    }
    Map<String, ToolIndex> index = new HashMap<>();
    for (Map.Entry<String, List<Rule>> e : byTool.entrySet()) {
      index.put(e.getKey(), ToolIndex.of(document.tools().get(e.getKey()), e.getValue(), compiled));
    }
    return new CompiledPolicy(document, digest, Map.copyOf(index), warnings);
  }

  /**
   * Returns the source document, for printing and replay.
   *
   * @return the document
   */
  public PolicyDocument document() {
    return document;
  }

  /**
   * Returns the findings of a lenient compilation, for example a permit on a payment tool without
   * a credential TTL cap, or a wildcard that matches no tool.
   *
   * @return an unmodifiable list of messages
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Returns the number of rules.
   *
   * @return the count
   */
  public int ruleCount() {
    return document.rules().size();
  }

  @Override
  public String policyId() {
    return document.id();
  }

  @Override
  public String versionDigest() {
    return versionDigest;
  }

  @Override
  public Map<String, ToolDescriptor> catalogue() {
    return document.tools();
  }

  @Override
  public Decision decide(AuthorizationRequest request) {
    try {
      return evaluate(request);
    } catch (RuntimeException | StackOverflowError e) {
      log.error("Policy '{}' failed while deciding; denying the call", document.id(), e);
      String digest = "";
      List<AgentId> chain = List.of();
      try {
        digest = request.arguments().digest();
        chain = request.task().delegationChain();
      } catch (RuntimeException ignored) {
        // The request itself is unusable: keep the empty digest and chain.
      }
      String message = "internal failure while evaluating: " + e.getClass().getSimpleName();
      return new Decision.Deny(nextId(), ReasonCode.RULE_EVALUATION_ERROR, List.of(), Obligations.NONE,
          List.of(new RuleError("(policy)", message)), document.id(), versionDigest, digest, chain,
          "DENY (RULE_EVALUATION_ERROR): " + message + "; the call is denied (fail closed)");
    }
  }

  private String nextId() {
    return decisionPrefix + Long.toHexString(counter.incrementAndGet());
  }

  private Decision evaluate(AuthorizationRequest request) {
    String toolName = request.call().toolName();
    ToolIndex entry = index.get(toolName);
    String digest = request.arguments().digest();
    List<AgentId> chain = request.task().delegationChain();
    if (entry == null) {
      return new Decision.Deny(nextId(), ReasonCode.UNKNOWN_TOOL, List.of(), Obligations.NONE, List.of(),
          document.id(), versionDigest, digest, chain,
          "DENY (UNKNOWN_TOOL): tool '" + SafeText.quote(toolName) + "' is not in the catalogue of policy '"
              + document.id() + "'");
    }
    EvalContext ctx = new EvalContext(request, entry.tool);
    AgentIdentity identity = request.identity();
    CompiledRule[] byAgent = entry.byAgent.getOrDefault(identity.id(), NO_RULES);
    int total = entry.anyAgent.length + byAgent.length + entry.labelled.length;
    List<RuleTrace> traces = new ArrayList<>(total);
    for (CompiledRule r : entry.anyAgent) {
      traces.add(RuleTrace.run(r, ctx));
    }
    for (CompiledRule r : byAgent) {
      traces.add(RuleTrace.run(r, ctx));
    }
    for (CompiledRule r : entry.labelled) {
      if (targets(r.rule, identity)) {
        traces.add(RuleTrace.run(r, ctx));
      }
    }
    return combine(request, entry, traces, digest, chain);
  }

  private static boolean targets(Rule r, AgentIdentity identity) {
    String id = identity.id().value();
    Set<String> labels = identity.labels();
    for (String a : r.agents()) {
      if (a.equals(id) || (a.startsWith("label:") && labels.contains(a.substring(6)))) {
        return true;
      }
    }
    return false;
  }

  private Decision combine(AuthorizationRequest request, ToolIndex entry, List<RuleTrace> traces, String digest,
      List<AgentId> chain) {
    List<String> forbids = new ArrayList<>(2);
    List<String> escalates = new ArrayList<>(2);
    List<String> permits = new ArrayList<>(4);
    List<String> failed = new ArrayList<>(2);
    List<RuleError> errors = new ArrayList<>(2);
    java.time.Duration permitTtl = null;
    java.time.Duration escalateTtl = null;
    String approver = null;
    String approverRule = null;
    Set<String> redactions = entry.secretArguments;
    boolean redactionsCopied = false;
    for (RuleTrace t : traces) {
      if (t.outcome == Condition.FALSE) {
        continue;
      }
      Rule r = t.rule;
      Obligations o = r.obligations();
      if (!o.redactedArguments().isEmpty()) {
        if (!redactionsCopied) {
          redactions = new java.util.TreeSet<>(redactions);
          redactionsCopied = true;
        }
        redactions.addAll(o.redactedArguments());
      }
      if (t.outcome == Condition.ERROR) {
        failed.add(r.id());
        errors.add(new RuleError(r.id(), t.firstError()));
      } else if (r.effect() == Effect.FORBID) {
        forbids.add(r.id());
      } else if (r.effect() == Effect.ESCALATE) {
        escalates.add(r.id());
        escalateTtl = shorter(escalateTtl, o.credentialTtlCap());
        if (o.approver() != null && (approverRule == null || r.id().compareTo(approverRule) < 0)) {
          approver = o.approver();
          approverRule = r.id();
        }
      } else {
        permits.add(r.id());
        permitTtl = shorter(permitTtl, o.credentialTtlCap());
      }
    }
    sortAll(forbids, escalates, permits, failed);
    if (errors.size() > 1) {
      errors.sort(Comparator.comparing(RuleError::ruleId));
    }
    ReasonCode code;
    List<String> ruleIds;
    Obligations obligations;
    String kind;
    if (!forbids.isEmpty()) {
      code = ReasonCode.FORBIDDEN_BY_RULE;
      ruleIds = forbids;
      kind = "DENY";
    } else if (!errors.isEmpty()) {
      code = ReasonCode.RULE_EVALUATION_ERROR;
      ruleIds = failed;
      kind = "DENY";
    } else if (!escalates.isEmpty()) {
      code = ReasonCode.ESCALATION_REQUIRED;
      ruleIds = escalates;
      kind = "ESCALATE";
    } else if (!permits.isEmpty()) {
      code = ReasonCode.PERMITTED_BY_RULE;
      ruleIds = permits;
      kind = "PERMIT";
    } else {
      code = ReasonCode.DEFAULT_DENY;
      ruleIds = List.of();
      kind = "DENY";
    }
    if (kind.equals("PERMIT")) {
      obligations = permitTtl == null && redactions.isEmpty() ? Obligations.NONE : new Obligations(permitTtl, redactions, null);
    } else if (kind.equals("ESCALATE")) {
      obligations = new Obligations(shorter(escalateTtl, permitTtl), redactions, approver);
    } else {
      obligations = redactions.isEmpty() ? Obligations.NONE : new Obligations(null, redactions, null);
    }
    String explanation = explain(kind, code, ruleIds, request, entry.header, traces);
    String id = nextId();
    if (log.isDebugEnabled()) {
      log.debug("decision {} {} {} tool={} rules={}", id, kind, code, entry.tool.name(), ruleIds);
    }
    switch (kind) {
      case "PERMIT":
        return new Decision.Permit(id, code, ruleIds, obligations, List.of(), document.id(), versionDigest, digest, chain,
            explanation);
      case "ESCALATE":
        return new Decision.Escalate(id, code, ruleIds, obligations, List.of(), document.id(), versionDigest, digest,
            chain, explanation);
      default:
        return new Decision.Deny(id, code, ruleIds, obligations, errors, document.id(), versionDigest, digest, chain,
            explanation);
    }
  }

  @SafeVarargs
  private static void sortAll(List<String>... lists) {
    for (List<String> l : lists) {
      if (l.size() > 1) {
        l.sort(null);
      }
    }
  }

  private static java.time.Duration shorter(java.time.Duration a, java.time.Duration b) {
    if (a == null) {
      return b;
    }
    return b != null && b.compareTo(a) < 0 ? b : a;
  }

  private String explain(String kind, ReasonCode code, List<String> ruleIds, AuthorizationRequest request,
      String header, List<RuleTrace> traces) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(kind).append(" (").append(code).append(')');
    if (!ruleIds.isEmpty()) {
      sb.append(" by rule(s) ").append(ruleIds);
    }
    sb.append(explanationPolicy).append(header).append(request.identity().id().value())
        .append(", arguments sha256 ").append(request.arguments().digest(), 0, 12);
    if (traces.isEmpty()) {
      sb.append("\n  no rule targets this tool and agent: default deny");
    }
    for (RuleTrace t : traces) {
      t.appendTo(sb);
    }
    return sb.toString();
  }

  /** The candidate rules of one tool, split by how they target agents. */
  private static final class ToolIndex {
    final ToolDescriptor tool;
    final CompiledRule[] anyAgent;
    final Map<AgentId, CompiledRule[]> byAgent;
    final CompiledRule[] labelled;
    final Set<String> secretArguments;
    final String header;

    private ToolIndex(ToolDescriptor tool, CompiledRule[] anyAgent, Map<AgentId, CompiledRule[]> byAgent,
        CompiledRule[] labelled) {
      this.tool = tool;
      this.anyAgent = anyAgent;
      this.byAgent = byAgent;
      this.labelled = labelled;
      java.util.TreeSet<String> secrets = new java.util.TreeSet<>();
      tool.argumentRoles().forEach((name, role) -> {
        if (role == ArgumentRole.SECRET) {
          secrets.add(name);
        }
      });
      this.secretArguments = java.util.Collections.unmodifiableSet(secrets);
      this.header = "\n  tool '" + tool.name() + "' (" + tool.action() + " -> " + SafeText.quote(tool.destination())
          + "), agent ";
    }

    static ToolIndex of(ToolDescriptor tool, List<Rule> rules, Map<String, CompiledRule> compiled) {
      List<CompiledRule> any = new ArrayList<>();
      Map<AgentId, List<CompiledRule>> byAgent = new HashMap<>();
      List<CompiledRule> labelled = new ArrayList<>();
      for (Rule rule : rules) {
        CompiledRule r = compiled.get(rule.id());
        if (rule.agents().contains("*")) {
          any.add(r);
        } else if (rule.agents().stream().anyMatch(a -> a.startsWith("label:"))) {
          labelled.add(r);
        } else {
          for (String a : new java.util.TreeSet<>(rule.agents())) {
            byAgent.computeIfAbsent(AgentId.of(a), k -> new ArrayList<>()).add(r);
          }
        }
      }
      Map<AgentId, CompiledRule[]> frozen = new HashMap<>();
      byAgent.forEach((k, v) -> frozen.put(k, v.toArray(NO_RULES)));
      return new ToolIndex(tool, any.toArray(NO_RULES), Map.copyOf(frozen), labelled.toArray(NO_RULES));
    }
  }

  /** A rule with its conditions and explanation texts prepared once. */
  private static final class CompiledRule {
    final Rule rule;
    final Condition[] conditions;
    final String[] descriptions;
    final String header;

    CompiledRule(Rule rule) {
      this.rule = rule;
      this.conditions = rule.when().toArray(new Condition[0]);
      this.descriptions = new String[conditions.length];
      for (int i = 0; i < conditions.length; i++) {
        descriptions[i] = conditions[i].describe();
      }
      this.header = "\n  " + String.format(Locale.ROOT, "%-8s", rule.effect().name().toLowerCase(Locale.ROOT)) + ' '
          + rule.id() + ": ";
    }
  }

  /** The evaluation of one candidate rule: each condition's outcome and error. */
  private static final class RuleTrace {
    final CompiledRule compiled;
    final Rule rule;
    final int[] results;
    final String[] errors;
    final int outcome;

    private RuleTrace(CompiledRule compiled, int[] results, String[] errors, int outcome) {
      this.compiled = compiled;
      this.rule = compiled.rule;
      this.results = results;
      this.errors = errors;
      this.outcome = outcome;
    }

    static RuleTrace run(CompiledRule compiled, EvalContext ctx) {
      Condition[] when = compiled.conditions;
      int n = when.length;
      int[] results = new int[n];
      String[] errors = null;
      boolean failed = false;
      boolean error = false;
      for (int i = 0; i < n; i++) {
        ctx.error = null;
        int r;
        try {
          r = when[i].evaluate(ctx);
        } catch (RuntimeException e) {
          r = ctx.fail("the condition failed with " + e.getClass().getSimpleName());
        }
        results[i] = r;
        if (r == Condition.FALSE) {
          failed = true;
        } else if (r == Condition.ERROR) {
          error = true;
          if (errors == null) {
            errors = new String[n];
          }
          errors[i] = ctx.error == null ? "evaluation error" : ctx.error;
        }
      }
      int outcome = failed ? Condition.FALSE : (error ? Condition.ERROR : Condition.TRUE);
      return new RuleTrace(compiled, results, errors, outcome);
    }

    String firstError() {
      if (errors != null) {
        for (String e : errors) {
          if (e != null) {
            return e;
          }
        }
      }
      return "evaluation error";
    }

    void appendTo(StringBuilder sb) {
      String verdict = outcome == Condition.TRUE ? "APPLIES" : outcome == Condition.ERROR ? "ERROR (denies)" : "not applicable";
      sb.append(compiled.header).append(verdict);
      if (results.length == 0) {
        sb.append(" (unconditional)");
      }
      for (int i = 0; i < results.length; i++) {
        int r = results[i];
        sb.append(r == Condition.TRUE ? "\n    held    " : r == Condition.FALSE ? "\n    failed  " : "\n    ERROR   ")
            .append(compiled.descriptions[i]);
        if (r == Condition.ERROR) {
          sb.append(" -- ").append(errors[i]);
        }
      }
    }
  }
}
