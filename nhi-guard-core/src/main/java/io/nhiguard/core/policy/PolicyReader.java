package io.nhiguard.core.policy;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.api.ToolNames;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link SourceNode} tree in the built-in grammar into a validated {@link PolicyDocument},
 * reporting every problem at its {@code file:line:column}. Stateless apart from one read; not
 * shared between threads.
 */
final class PolicyReader {

  private static final Set<String> TOP = Set.of("policy", "version", "description", "tools", "rules");
  private static final Set<String> TOOL = Set.of("action", "destination", "args", "output", "dataClasses",
      "sensitivity", "credential", "description");
  private static final Set<String> ARG = Set.of("role", "type");
  private static final Set<String> RULE = Set.of("id", "effect", "description", "agents", "tools", "when",
      "obligations", "approver");
  private static final Set<String> OBLIGATIONS = Set.of("credentialTtl", "redact", "approver");
  private static final Set<String> ARG_OPERATORS = Set.of("equals", "in", "between", "matches", "pathWithin",
      "urlHostIn", "provenance", "present", "withinSpendingCap", "totalAtMost");

  private final boolean strict;
  final List<String> warnings = new ArrayList<>();

  PolicyReader(boolean strict) {
    this.strict = strict;
  }

  PolicyDocument read(SourceNode root) {
    map(root, "the policy document");
    unknownFields(root, TOP, "policy");
    String id = string(required(root, "policy"));
    if (id.isBlank()) {
      throw root.fields.get("policy").error("policy id must not be blank");
    }
    String version = "";
    SourceNode v = root.fields.get("version");
    if (v != null) {
      if (v.kind != SourceNode.Kind.STRING && v.kind != SourceNode.Kind.NUMBER) {
        throw v.error("'version' must be a string or a number, but is " + v.kindName());
      }
      version = v.text;
    }
    SourceNode toolsNode = required(root, "tools");
    map(toolsNode, "'tools'");
    Map<String, ToolDescriptor> tools = new LinkedHashMap<>();
    for (Map.Entry<String, SourceNode> e : toolsNode.fields.entrySet()) {
      SourceNode key = toolsNode.keys.get(e.getKey());
      if (!ToolNames.isWellFormed(e.getKey())) {
        throw key.error(ToolNames.problem(e.getKey()));
      }
      tools.put(e.getKey(), tool(e.getKey(), e.getValue()));
    }
    SourceNode rulesNode = required(root, "rules");
    list(rulesNode, "'rules'");
    List<Rule> rules = new ArrayList<>();
    Map<String, SourceNode> ids = new HashMap<>();
    for (SourceNode r : rulesNode.items) {
      Rule rule = rule(r, tools);
      SourceNode previous = ids.putIfAbsent(rule.id(), r);
      if (previous != null) {
        throw r.fields.get("id").error("duplicate rule id '" + rule.id() + "'; first defined at line " + previous.line
            + ", column " + previous.column + "; rule ids must be unique");
      }
      rules.add(rule);
    }
    return new PolicyDocument(id, version, tools, rules);
  }

  private ToolDescriptor tool(String name, SourceNode n) {
    map(n, "tool '" + name + "'");
    unknownFields(n, TOOL, "tool");
    ActionKind action = enumValue(required(n, "action"), ActionKind.class, "action");
    String destination = n.fields.containsKey("destination") ? string(n.fields.get("destination")) : "local";
    if (destination.isBlank()) {
      throw n.fields.get("destination").error("destination must not be blank; use \"local\" for none");
    }
    Map<String, ArgumentRole> roles = new LinkedHashMap<>();
    Map<String, ArgumentType> types = new LinkedHashMap<>();
    SourceNode args = n.fields.get("args");
    if (args != null) {
      map(args, "'args'");
      for (Map.Entry<String, SourceNode> e : args.fields.entrySet()) {
        String arg = e.getKey();
        if (!arg.matches("[A-Za-z_][A-Za-z0-9_.-]{0,127}")) {
          throw args.keys.get(arg).error("argument name '" + SafeText.quote(arg) + "' is malformed; expected [A-Za-z_][A-Za-z0-9_.-]*");
        }
        SourceNode a = e.getValue();
        ArgumentRole role = null;
        ArgumentType type = null;
        if (a.kind == SourceNode.Kind.STRING) {
          role = enumValue(a, ArgumentRole.class, "argument role");
        } else {
          map(a, "argument '" + arg + "'");
          unknownFields(a, ARG, "argument");
          if (a.fields.containsKey("role")) {
            role = enumValue(a.fields.get("role"), ArgumentRole.class, "argument role");
          }
          if (a.fields.containsKey("type")) {
            type = enumValue(a.fields.get("type"), ArgumentType.class, "argument type");
          }
        }
        if (role != null) {
          roles.put(arg, role);
        }
        if (type == null) {
          type = role == ArgumentRole.AMOUNT ? ArgumentType.NUMBER : ArgumentType.ANY;
        }
        types.put(arg, type);
      }
    }
    boolean untrusted = false;
    SourceNode output = n.fields.get("output");
    if (output != null) {
      String o = string(output);
      if (o.equals("untrusted")) {
        untrusted = true;
      } else if (!o.equals("trusted")) {
        throw output.error("'output' must be 'trusted' or 'untrusted', but is '" + SafeText.quote(o) + "'");
      }
    }
    Set<String> dataClasses = n.fields.containsKey("dataClasses") ? new HashSet<>(strings(n.fields.get("dataClasses"))) : Set.of();
    DataSensitivity sensitivity = n.fields.containsKey("sensitivity")
        ? enumValue(n.fields.get("sensitivity"), DataSensitivity.class, "sensitivity") : DataSensitivity.INTERNAL;
    boolean credential = n.fields.containsKey("credential") ? bool(n.fields.get("credential")) : action.isMutating();
    try {
      return new ToolDescriptor(name, action, destination, roles, types, untrusted, dataClasses, sensitivity, credential);
    } catch (IllegalArgumentException e) {
      throw n.error(e.getMessage());
    }
  }

  private Rule rule(SourceNode n, Map<String, ToolDescriptor> catalogue) {
    map(n, "a rule");
    unknownFields(n, RULE, "rule");
    SourceNode idNode = required(n, "id");
    String id = string(idNode);
    Effect effect = enumValue(required(n, "effect"), Effect.class, "effect");
    SourceNode toolsNode = required(n, "tools");
    List<String> tools = strings(toolsNode);
    for (int i = 0; i < tools.size(); i++) {
      String problem = Rule.toolPatternProblem(tools.get(i));
      if (problem != null) {
        throw toolsNode.items.get(i).error(problem);
      }
    }
    List<String> agents = n.fields.containsKey("agents") ? strings(n.fields.get("agents")) : List.of("*");
    List<String> errors = new ArrayList<>();
    List<ToolDescriptor> targets = PolicyChecks.targets(tools, catalogue, errors, warnings, id);
    if (!errors.isEmpty()) {
      throw toolsNode.error(errors.get(0));
    }
    List<Condition> when = new ArrayList<>();
    SourceNode whenNode = n.fields.get("when");
    if (whenNode != null) {
      list(whenNode, "'when'");
      if (whenNode.items.isEmpty()) {
        throw whenNode.error("'when' is an empty list; omit 'when' for an unconditional rule (an empty list means nothing)");
      }
      for (SourceNode c : whenNode.items) {
        Condition condition = condition(c);
        PolicyChecks.checkCondition(condition, targets, errors, id);
        if (!errors.isEmpty()) {
          throw c.error(errors.get(0));
        }
        when.add(condition);
      }
    }
    Obligations obligations = Obligations.NONE;
    SourceNode o = n.fields.get("obligations");
    String approver = null;
    if (n.fields.containsKey("approver")) {
      approver = string(n.fields.get("approver"));
    }
    if (o != null) {
      map(o, "'obligations'");
      unknownFields(o, OBLIGATIONS, "obligations");
      Duration ttl = null;
      SourceNode ttlNode = o.fields.get("credentialTtl");
      if (ttlNode != null) {
        try {
          ttl = Duration.parse(string(ttlNode));
        } catch (DateTimeParseException e) {
          throw ttlNode.error("credentialTtl '" + SafeText.quote(ttlNode.text) + "' is not an ISO-8601 duration such as PT1M");
        }
        if (ttl.isZero() || ttl.isNegative()) {
          throw ttlNode.error("credentialTtl must be positive, but is " + ttl);
        }
      }
      Set<String> redact = o.fields.containsKey("redact") ? new HashSet<>(strings(o.fields.get("redact"))) : Set.of();
      for (String r : redact) {
        for (ToolDescriptor t : targets) {
          if (!t.argumentTypes().containsKey(r) && !t.argumentRoles().containsKey(r)) {
            throw o.fields.get("redact").error("rule '" + id + "' redacts unknown argument '" + SafeText.quote(r)
                + "' of tool '" + t.name() + "'");
          }
        }
      }
      if (o.fields.containsKey("approver")) {
        if (approver != null) {
          throw o.fields.get("approver").error("the approver is given twice; keep either the rule's or the obligation's");
        }
        approver = string(o.fields.get("approver"));
      }
      if (approver != null && approver.isBlank()) {
        throw n.error("approver must not be blank; use \"owner\" or a principal id");
      }
      obligations = new Obligations(ttl, redact, approver);
    } else if (approver != null) {
      if (approver.isBlank()) {
        throw n.fields.get("approver").error("approver must not be blank; use \"owner\" or a principal id");
      }
      obligations = new Obligations(null, Set.of(), approver);
    }
    String description = n.fields.containsKey("description") ? string(n.fields.get("description")) : "";
    Rule rule;
    try {
      rule = new Rule(id, effect, tools, agents, when, obligations, description);
    } catch (IllegalArgumentException e) {
      throw n.error(e.getMessage());
    }
    List<String> ttl = new ArrayList<>();
    PolicyChecks.checkRule(rule, targets, warnings, ttl);
    if (!ttl.isEmpty()) {
      if (strict) {
        throw n.error(ttl.get(0));
      }
      warnings.addAll(ttl);
    }
    return rule;
  }

  Condition condition(SourceNode n) {
    map(n, "a condition");
    try {
      if (n.fields.containsKey("arg")) {
        return argCondition(n);
      }
      if (n.fields.size() != 1) {
        throw n.error("a condition has exactly one key (or 'arg' plus one operator), but has " + n.fields.keySet());
      }
      Map.Entry<String, SourceNode> e = n.fields.entrySet().iterator().next();
      SourceNode v = e.getValue();
      switch (e.getKey()) {
        case "session":
          if (!string(v).equals("untrustedContentSeen")) {
            throw v.error("'session' supports 'untrustedContentSeen', not '" + SafeText.quote(v.text) + "'");
          }
          return Conditions.untrustedContentSeen();
        case "toolUsed":
          return Conditions.toolUsed(string(v));
        case "destinationReached":
          return Conditions.destinationReached(string(v));
        case "dataClassRead":
          return Conditions.dataClassRead(strings(v));
        case "toolDataClass":
          return Conditions.toolDataClass(strings(v));
        case "destinationIn":
          return Conditions.destinationIn(strings(v));
        case "sensitivityWithinCeiling":
          requireTrue(v, "sensitivityWithinCeiling");
          return Conditions.sensitivityWithinCeiling();
        case "label":
          return Conditions.label(string(v));
        case "owner":
          return Conditions.owner(string(v));
        case "purpose":
          return Conditions.purpose(string(v));
        case "not":
          return Conditions.not(condition(v));
        case "anyOf":
        case "allOf": {
          list(v, "'" + e.getKey() + "'");
          if (v.items.isEmpty()) {
            throw v.error("'" + e.getKey() + "' is an empty list; an empty list means nothing, give at least one condition");
          }
          List<Condition> parts = new ArrayList<>();
          for (SourceNode item : v.items) {
            parts.add(condition(item));
          }
          return Conditions.junction(e.getKey(), parts);
        }
        default:
          throw n.keys.get(e.getKey()).error("unknown condition '" + SafeText.quote(e.getKey())
              + "'; expected arg, session, toolUsed, destinationReached, dataClassRead, toolDataClass, destinationIn,"
              + " sensitivityWithinCeiling, label, owner, purpose, not, anyOf or allOf");
      }
    } catch (IllegalArgumentException e) {
      throw n.error(e.getMessage());
    }
  }

  private Condition argCondition(SourceNode n) {
    String arg = string(n.fields.get("arg"));
    if (n.fields.size() != 2) {
      throw n.error("an argument condition has 'arg' and exactly one operator of " + new java.util.TreeSet<>(ARG_OPERATORS)
          + ", but has " + n.fields.keySet());
    }
    String op = null;
    for (String k : n.fields.keySet()) {
      if (!k.equals("arg")) {
        op = k;
      }
    }
    SourceNode v = n.fields.get(op);
    Conditions.Arg a = Conditions.arg(arg);
    switch (op) {
      case "equals":
        if (v.kind == SourceNode.Kind.NUMBER) {
          return a.equalTo(number(v));
        }
        if (v.kind == SourceNode.Kind.BOOLEAN) {
          return a.equalTo(bool(v));
        }
        return a.equalTo(string(v));
      case "in":
        if (v.kind == SourceNode.Kind.STRING) {
          if (!v.text.startsWith("task.intent.")) {
            throw v.error("'in' takes a list or task.intent.<parameter>, not '" + SafeText.quote(v.text) + "'");
          }
          return a.inIntent(v.text.substring("task.intent.".length()));
        }
        List<String> values = strings(v);
        if (values.isEmpty()) {
          warnings.add(v.source + ":" + v.line + ":" + v.column + ": 'in: []' never holds (an empty list means nothing)");
        }
        return a.in(values);
      case "between": {
        list(v, "'between'");
        if (v.items.size() != 2) {
          throw v.error("'between' takes [min, max], but has " + v.items.size() + " values");
        }
        return a.between(number(v.items.get(0)), number(v.items.get(1)));
      }
      case "matches":
        return a.matches(string(v));
      case "pathWithin":
        return a.pathWithin(string(v));
      case "urlHostIn":
        return a.urlHostIn(strings(v));
      case "provenance":
        if (!string(v).equals("trusted")) {
          throw v.error("'provenance' supports 'trusted'; negate with 'not' for the other cases");
        }
        return a.trusted();
      case "present":
        return a.present(bool(v));
      case "withinSpendingCap":
        requireTrue(v, "withinSpendingCap");
        return a.withinSpendingCap();
      case "totalAtMost":
        return a.totalAtMost(number(v));
      default:
        throw n.keys.get(op).error("unknown argument operator '" + SafeText.quote(op) + "'; expected one of "
            + new java.util.TreeSet<>(ARG_OPERATORS));
    }
  }

  // ----- helpers ---------------------------------------------------------------------------

  private static void requireTrue(SourceNode v, String key) {
    if (!bool(v)) {
      throw v.error("'" + key + ": false' is not supported; write 'not: { " + key + ": true }'");
    }
  }

  private static void map(SourceNode n, String what) {
    if (n.kind != SourceNode.Kind.MAP) {
      throw n.error(what + " must be a mapping, but is " + n.kindName());
    }
  }

  private static void list(SourceNode n, String what) {
    if (n.kind != SourceNode.Kind.LIST) {
      throw n.error(what + " must be a list, but is " + n.kindName());
    }
  }

  private static SourceNode required(SourceNode n, String key) {
    SourceNode v = n.fields.get(key);
    if (v == null) {
      throw n.error("missing required key '" + key + "'");
    }
    return v;
  }

  private static void unknownFields(SourceNode n, Set<String> known, String what) {
    for (String k : n.fields.keySet()) {
      if (!known.contains(k)) {
        throw n.keys.get(k).error("unknown field '" + SafeText.quote(k) + "' in " + what + "; expected one of "
            + new java.util.TreeSet<>(known));
      }
    }
  }

  private static String string(SourceNode n) {
    if (n.kind != SourceNode.Kind.STRING) {
      throw n.error("expected a string, but found " + n.kindName() + "; quote the value");
    }
    return n.text;
  }

  private static boolean bool(SourceNode n) {
    if (n.kind != SourceNode.Kind.BOOLEAN) {
      throw n.error("expected true or false, but found " + n.kindName());
    }
    return Boolean.parseBoolean(n.text);
  }

  private static BigDecimal number(SourceNode n) {
    String text;
    if (n.kind == SourceNode.Kind.NUMBER) {
      text = n.text;
    } else {
      throw n.error("expected a number, but found " + n.kindName());
    }
    try {
      BigDecimal d = new BigDecimal(text);
      // the integer digits count too: 1e400 has one significant digit but prints as 401 (print-parse)
      if (d.precision() > Conditions.MAX_SUM_DIGITS || Math.abs((long) d.scale()) > 1000
          || (long) d.precision() - d.scale() > Conditions.MAX_SUM_DIGITS) {
        throw n.error("number " + SafeText.quote(text) + " is outside the supported range (34 significant digits)");
      }
      return d;
    } catch (NumberFormatException e) {
      throw n.error("'" + SafeText.quote(text) + "' is not a plain decimal number");
    }
  }

  private static List<String> strings(SourceNode n) {
    list(n, "the value");
    List<String> out = new ArrayList<>(n.items.size());
    for (SourceNode item : n.items) {
      out.add(string(item));
    }
    return out;
  }

  private static <E extends Enum<E>> E enumValue(SourceNode n, Class<E> type, String what) {
    String s = string(n);
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(s) || e.name().equals(s)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw n.error(what + " '" + SafeText.quote(s) + "' is unknown; expected one of " + names);
  }

  static PolicyDefinitionException at(SourceNode n, String message) {
    return n.error(message);
  }
}
