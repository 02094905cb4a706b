package io.nhiguard.core.policy;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolNames;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of a policy: an id, an effect, a target (tools and agents), conditions that must all
 * hold, and obligations.
 *
 * <p>Tool patterns are an exact tool name ({@code fs.read} never matches {@code fs.read_all}), an
 * explicit namespace wildcard {@code crm.*} (tools whose name starts with {@code crm.} and goes on:
 * {@code crm.contacts.read}, not {@code crm} nor {@code crmx.read}), or {@code *} for every tool
 * in the catalogue. Agent patterns are a SPIFFE id, {@code label:<label>}, or {@code *} for every
 * agent. An empty list matches nothing, never everything.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the rule id, {@code [A-Za-z0-9][A-Za-z0-9_.:-]{0,127}}, unique in its policy
 * @param effect the effect
 * @param tools the tool patterns
 * @param agents the agent patterns; {@code [*]} for any agent
 * @param when the conditions, all of which must hold; empty for an unconditional rule
 * @param obligations the obligations of the rule; an approver only on an escalate rule
 * @param description a human-readable description, may be empty
 * @since 0.1.0
 */
public record Rule(
    String id,
    Effect effect,
    List<String> tools,
    List<String> agents,
    List<Condition> when,
    Obligations obligations,
    String description) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_.:=-]{0,62}");

  /**
   * Validates a rule.
   *
   * @param id the {@code id} component
   * @param effect the {@code effect} component
   * @param tools the {@code tools} component
   * @param agents the {@code agents} component
   * @param when the {@code when} component
   * @param obligations the {@code obligations} component
   * @param description the {@code description} component
   * @throws NullPointerException if a component or element is null
   * @throws IllegalArgumentException if the id or a pattern is malformed, or an approver is set
   *     on a rule that does not escalate
   */
  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(effect, "effect");
    tools = List.copyOf(Objects.requireNonNull(tools, "tools"));
    agents = List.copyOf(Objects.requireNonNull(agents, "agents"));
    when = List.copyOf(Objects.requireNonNull(when, "when"));
    Objects.requireNonNull(obligations, "obligations");
    Objects.requireNonNull(description, "description");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "rule id '" + SafeText.quote(id) + "' is malformed; expected [A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    }
    for (String t : tools) {
      String problem = toolPatternProblem(t);
      if (problem != null) {
        throw new IllegalArgumentException("rule '" + id + "': " + problem);
      }
    }
    for (String a : agents) {
      String problem = agentPatternProblem(a);
      if (problem != null) {
        throw new IllegalArgumentException("rule '" + id + "': " + problem);
      }
    }
    if (obligations.approver() != null && effect != Effect.ESCALATE) {
      throw new IllegalArgumentException(
          "rule '" + id + "' names an approver but its effect is " + effect.name().toLowerCase(java.util.Locale.ROOT)
              + "; only escalate rules have approvers");
    }
  }

  /**
   * Returns why a tool pattern is malformed, or null.
   *
   * @param pattern the pattern
   * @return the problem, or null when well formed
   */
  static String toolPatternProblem(String pattern) {
    if (pattern.equals("*")) {
      return null;
    }
    if (pattern.endsWith(".*")) {
      String ns = pattern.substring(0, pattern.length() - 2);
      if (ToolNames.isWellFormed(ns) && !ns.endsWith(".")) {
        return null;
      }
      return "tool wildcard '" + SafeText.quote(pattern) + "' is malformed; a namespace wildcard is '<namespace>.*' such as 'crm.*'";
    }
    if (ToolNames.isWellFormed(pattern)) {
      return null;
    }
    return "tool pattern '" + SafeText.quote(pattern)
        + "' is neither a tool name, a namespace wildcard such as 'crm.*' nor '*'; tool patterns are not regular expressions";
  }

  private static String agentPatternProblem(String pattern) {
    if (pattern.equals("*") || AgentId.isValid(pattern)) {
      return null;
    }
    if (pattern.startsWith("label:") && LABEL.matcher(pattern.substring(6)).matches()) {
      return null;
    }
    return "agent pattern '" + SafeText.quote(pattern) + "' is not a SPIFFE id, 'label:<label>' or '*'";
  }

  /**
   * Returns whether a tool pattern matches a tool name, exactly or by namespace on a label
   * boundary.
   *
   * @param pattern the pattern
   * @param toolName the tool name
   * @return true on a match
   */
  static boolean toolMatches(String pattern, String toolName) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      String prefix = pattern.substring(0, pattern.length() - 1);
      return toolName.length() > prefix.length() && toolName.startsWith(prefix);
    }
    return pattern.equals(toolName);
  }
}
