package io.nhiguard.core.policy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.ToolDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a {@link PolicyDocument} in the built-in YAML or JSON grammar. Parsing the output with
 * {@link YamlPolicyLanguage} gives back an equal document, so every decision is kept (the
 * print-parse property). Tools are written in name order and rules in id order.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class PolicyPrinter {

  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .build())
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private PolicyPrinter() {}

  /**
   * Writes a document as YAML.
   *
   * @param document the document
   * @return YAML text in the built-in grammar
   * @throws NullPointerException if {@code document} is null
   */
  public static String toYaml(PolicyDocument document) {
    try {
      return YAML.writeValueAsString(tree(Objects.requireNonNull(document, "document")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write policy '" + document.id() + "' as YAML", e);
    }
  }

  /**
   * Writes a document as JSON with sorted keys (the canonical form the version digest is taken
   * of).
   *
   * @param document the document
   * @return JSON text in the built-in grammar
   * @throws NullPointerException if {@code document} is null
   */
  public static String toJson(PolicyDocument document) {
    try {
      return JSON.writeValueAsString(tree(Objects.requireNonNull(document, "document")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write policy '" + document.id() + "' as JSON", e);
    }
  }

  static Map<String, Object> tree(PolicyDocument doc) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("policy", doc.id());
    if (!doc.version().isEmpty()) {
      root.put("version", doc.version());
    }
    Map<String, Object> tools = new LinkedHashMap<>();
    for (ToolDescriptor t : new TreeMap<>(doc.tools()).values()) {
      tools.put(t.name(), tool(t));
    }
    root.put("tools", tools);
    List<Rule> rules = new ArrayList<>(doc.rules());
    rules.sort(Comparator.comparing(Rule::id));
    List<Object> out = new ArrayList<>();
    for (Rule r : rules) {
      out.add(rule(r));
    }
    root.put("rules", out);
    return root;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> tool(ToolDescriptor t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", lower(t.action()));
    m.put("destination", t.destination());
    TreeSet<String> names = new TreeSet<>(t.argumentTypes().keySet());
    names.addAll(t.argumentRoles().keySet());
    if (!names.isEmpty()) {
      Map<String, Object> args = new LinkedHashMap<>();
      for (String name : names) {
        Map<String, Object> a = new LinkedHashMap<>();
        ArgumentRole role = t.argumentRoles().get(name);
        if (role != null) {
          a.put("role", lower(role));
        }
        ArgumentType type = t.typeOf(name);
        a.put("type", lower(type));
        args.put(name, a);
      }
      m.put("args", args);
    }
    m.put("output", t.untrustedOutput() ? "untrusted" : "trusted");
    if (!t.dataClasses().isEmpty()) {
      m.put("dataClasses", new ArrayList<>(new TreeSet<>(t.dataClasses())));
    }
    m.put("sensitivity", lower(t.sensitivity()));
    m.put("credential", t.credentialRequired());
    return m;
  }

  private static Map<String, Object> rule(Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("effect", lower(r.effect()));
    if (!r.description().isEmpty()) {
      m.put("description", r.description());
    }
    m.put("agents", r.agents());
    m.put("tools", r.tools());
    if (!r.when().isEmpty()) {
      List<Object> when = new ArrayList<>();
      for (Condition c : r.when()) {
        when.add(c.toTree());
      }
      m.put("when", when);
    }
    Obligations o = r.obligations();
    if (!o.equals(Obligations.NONE)) {
      Map<String, Object> ob = new LinkedHashMap<>();
      if (o.credentialTtlCap() != null) {
        ob.put("credentialTtl", o.credentialTtlCap().toString());
      }
      if (!o.redactedArguments().isEmpty()) {
        ob.put("redact", new ArrayList<>(new TreeSet<>(o.redactedArguments())));
      }
      if (o.approver() != null) {
        ob.put("approver", o.approver());
      }
      m.put("obligations", ob);
    }
    return m;
  }
}
