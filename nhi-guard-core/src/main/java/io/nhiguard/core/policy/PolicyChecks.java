package io.nhiguard.core.policy;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Load-time checks shared by every language. Stateless and thread-safe. */
final class PolicyChecks {
  private PolicyChecks() {}

  /** Expands tool patterns over the catalogue, reporting unknown exact names as errors. */
  static List<ToolDescriptor> targets(List<String> patterns, Map<String, ToolDescriptor> catalogue, List<String> errors,
      List<String> warnings, String ruleId) {
    Map<String, ToolDescriptor> out = new TreeMap<>();
    for (String p : patterns) {
      if (p.equals("*") || p.endsWith(".*")) {
        boolean any = false;
        for (ToolDescriptor t : catalogue.values()) {
          if (Rule.toolMatches(p, t.name())) {
            out.put(t.name(), t);
            any = true;
          }
        }
        if (!any) {
          warnings.add("rule '" + ruleId + "': tool wildcard '" + p + "' matches no tool in the catalogue");
        }
      } else {
        ToolDescriptor t = catalogue.get(p);
        if (t == null) {
          errors.add("rule '" + ruleId + "' names unknown tool '" + SafeText.quote(p) + "'; declare it under 'tools' or fix the name");
        } else {
          out.put(p, t);
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Checks one condition against every tool the rule targets. */
  static void checkCondition(Condition c, List<ToolDescriptor> targets, List<String> errors, String ruleId) {
    List<String> problems = new ArrayList<>();
    for (ToolDescriptor t : targets) {
      c.check(t, problems);
    }
    for (String p : problems) {
      errors.add("rule '" + ruleId + "': " + p);
    }
  }

  /** Whether a permit on this action needs a credential TTL cap. */
  static boolean needsTtl(ActionKind action) {
    return action == ActionKind.WRITE || action == ActionKind.SEND || action == ActionKind.PAYMENT
        || action == ActionKind.EXECUTE || action == ActionKind.DELETE;
  }

  /** Rule-level checks after targets are known; adds TTL findings to {@code ttlFindings}. */
  static void checkRule(Rule rule, List<ToolDescriptor> targets, List<String> warnings, List<String> ttlFindings) {
    if (rule.tools().isEmpty()) {
      warnings.add("rule '" + rule.id() + "' lists no tools: it matches nothing");
    }
    if (rule.agents().isEmpty()) {
      warnings.add("rule '" + rule.id() + "' lists no agents: it matches nothing");
    }
    if (rule.effect() == Effect.PERMIT && rule.obligations().credentialTtlCap() == null) {
      List<String> risky = new ArrayList<>();
      for (ToolDescriptor t : targets) {
        if (needsTtl(t.action())) {
          risky.add(t.name() + " (" + t.action() + ")");
        }
      }
      if (!risky.isEmpty()) {
        ttlFindings.add("rule '" + rule.id() + "' permits " + String.join(", ", risky)
            + " without a credentialTtl obligation; add obligations: { credentialTtl: PT1M } or shorter");
      }
    }
  }

  /** Runs every check of a document without locations. */
  static void checkDocument(PolicyDocument doc, List<String> errors, List<String> warnings, List<String> ttlFindings) {
    for (Rule r : doc.rules()) {
      List<ToolDescriptor> targets = targets(r.tools(), doc.tools(), errors, warnings, r.id());
      for (Condition c : r.when()) {
        checkCondition(c, targets, errors, r.id());
      }
      for (String redacted : r.obligations().redactedArguments()) {
        for (ToolDescriptor t : targets) {
          if (!t.argumentTypes().containsKey(redacted) && !t.argumentRoles().containsKey(redacted)) {
            errors.add("rule '" + r.id() + "' redacts unknown argument '" + SafeText.quote(redacted) + "' of tool '" + t.name() + "'");
          }
        }
      }
      checkRule(r, targets, warnings, ttlFindings);
    }
  }
}
