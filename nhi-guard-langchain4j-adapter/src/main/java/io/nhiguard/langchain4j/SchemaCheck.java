package io.nhiguard.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolDescriptor;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict checks of arguments against a tool's LangChain4j JSON schema, so that LangChain4j's own
 * lenient coercion ({@code "12"} to 12, a number to a string, a missing string to {@code null},
 * unknown keys silently dropped) never decides what runs.
 *
 * <p>Two checks:
 *
 * <ul>
 *   <li>at wrap time, {@link #contradiction} compares the policy's catalogue entry with the schema:
 *       every argument the catalogue types or gives a role must exist in the schema, with a
 *       compatible type (the stricter of the two is enforced at call time);
 *   <li>at call time, {@link #problem} checks the strictly parsed values: no key outside the schema
 *       (unless it allows additional properties), every required key present and not null, every
 *       value of its schema type (integers without fraction within 64 bits, enum values exactly).
 * </ul>
 *
 * <p>Schema elements the check cannot judge ({@code $ref}, raw schemas) accept any value. Stateless
 * and thread-safe.
 */
final class SchemaCheck {

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private SchemaCheck() {}

  /**
   * Finds a contradiction between a catalogue entry and a tool's schema.
   *
   * @param spec the tool specification
   * @param tool the catalogue entry of the same name
   * @return the contradiction, or null when they agree
   */
  static String contradiction(ToolSpecification spec, ToolDescriptor tool) {
    Map<String, JsonSchemaElement> properties = properties(spec);
    Set<String> named = new TreeSet<>(tool.argumentTypes().keySet());
    named.addAll(tool.argumentRoles().keySet());
    for (String argument : named) {
      JsonSchemaElement element = properties.get(argument);
      if (element == null) {
        return "the catalogue describes argument '" + argument + "', which the tool's schema does not have (it has "
            + new TreeSet<>(properties.keySet()) + ")";
      }
      ArgumentType declared = tool.typeOf(argument);
      if (!compatible(declared, element)) {
        return "the catalogue declares argument '" + argument + "' as " + declared + " but the tool's schema says "
            + describe(element);
      }
    }
    return null;
  }

  /**
   * Checks strictly parsed arguments against a tool's schema.
   *
   * @param spec the tool specification
   * @param arguments the arguments
   * @return the problem, or null when they conform
   */
  static String problem(ToolSpecification spec, CanonicalArguments arguments) {
    JsonObjectSchema parameters = spec.parameters();
    Map<String, Object> values = arguments.values();
    if (parameters == null) {
      return values.isEmpty() ? null : "tool '" + SafeText.quote(spec.name()) + "' takes no arguments, but got " + keys(values);
    }
    return objectProblem("", parameters, values);
  }

  private static String objectProblem(String path, JsonObjectSchema schema, Map<String, Object> values) {
    Map<String, JsonSchemaElement> properties = schema.properties() == null ? Map.of() : schema.properties();
    if (!Boolean.TRUE.equals(schema.additionalProperties())) {
      Set<String> unknown = new TreeSet<>(values.keySet());
      unknown.removeAll(properties.keySet());
      if (!unknown.isEmpty()) {
        return "unknown argument(s) " + quoted(unknown, path) + "; the schema allows only " + new TreeSet<>(properties.keySet());
      }
    }
    if (schema.required() != null) {
      for (String required : schema.required()) {
        Object v = values.get(required);
        if (v == null || v == CanonicalArguments.JsonNull.INSTANCE) {
          return "required argument '" + path + required + "' is missing or null";
        }
      }
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      JsonSchemaElement element = properties.get(e.getKey());
      if (element == null) {
        continue;
      }
      if (e.getValue() == CanonicalArguments.JsonNull.INSTANCE && !(element instanceof JsonNullSchema)) {
        continue; // an optional argument sent as null: the tool receives null, as for an absent one
      }
      String problem = valueProblem(path + SafeText.quote(e.getKey()), element, e.getValue());
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static String valueProblem(String path, JsonSchemaElement element, Object value) {
    if (element instanceof JsonStringSchema) {
      return value instanceof String ? null : mismatch(path, "a string", value);
    }
    if (element instanceof JsonEnumSchema) {
      List<String> allowed = ((JsonEnumSchema) element).enumValues();
      return value instanceof String && allowed.contains(value)
          ? null
          : "argument '" + path + "' must be one of " + allowed + ", but was " + kind(value);
    }
    if (element instanceof JsonIntegerSchema) {
      if (!(value instanceof BigDecimal)) {
        return mismatch(path, "an integer", value);
      }
      BigDecimal d = (BigDecimal) value;
      if (d.scale() > 0 || d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
        return "argument '" + path + "' must be an integer within the signed 64-bit range, but was " + d.toPlainString();
      }
      return null;
    }
    if (element instanceof JsonNumberSchema) {
      return value instanceof BigDecimal ? null : mismatch(path, "a number", value);
    }
    if (element instanceof JsonBooleanSchema) {
      return value instanceof Boolean ? null : mismatch(path, "true or false", value);
    }
    if (element instanceof JsonNullSchema) {
      return value == CanonicalArguments.JsonNull.INSTANCE ? null : mismatch(path, "null", value);
    }
    if (element instanceof JsonArraySchema) {
      if (!(value instanceof List)) {
        return mismatch(path, "an array", value);
      }
      JsonSchemaElement items = ((JsonArraySchema) element).items();
      if (items == null) {
        return null;
      }
      List<Object> list = (List<Object>) value;
      for (int i = 0; i < list.size(); i++) {
        String problem = valueProblem(path + "[" + i + "]", items, list.get(i));
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    if (element instanceof JsonObjectSchema) {
      if (!(value instanceof Map)) {
        return mismatch(path, "an object", value);
      }
      return objectProblem(path + ".", (JsonObjectSchema) element, (Map<String, Object>) value);
    }
    if (element instanceof JsonAnyOfSchema) {
      for (JsonSchemaElement option : ((JsonAnyOfSchema) element).anyOf()) {
        if (valueProblem(path, option, value) == null) {
          return null;
        }
      }
      return "argument '" + path + "' matches none of the schema's alternatives (it is " + kind(value) + ")";
    }
    return null; // $ref and raw schemas: not judged here
  }

  private static boolean compatible(ArgumentType declared, JsonSchemaElement element) {
    switch (declared) {
      case ANY:
        return true;
      case STRING:
        return element instanceof JsonStringSchema || element instanceof JsonEnumSchema || unjudged(element);
      case INTEGER:
      case NUMBER:
        return element instanceof JsonIntegerSchema || element instanceof JsonNumberSchema || unjudged(element);
      case BOOLEAN:
        return element instanceof JsonBooleanSchema || unjudged(element);
      case ARRAY:
        return element instanceof JsonArraySchema || unjudged(element);
      case OBJECT:
        return element instanceof JsonObjectSchema || unjudged(element);
      default:
        return false;
    }
  }

  private static boolean unjudged(JsonSchemaElement element) {
    return !(element instanceof JsonStringSchema
        || element instanceof JsonEnumSchema
        || element instanceof JsonIntegerSchema
        || element instanceof JsonNumberSchema
        || element instanceof JsonBooleanSchema
        || element instanceof JsonNullSchema
        || element instanceof JsonArraySchema
        || element instanceof JsonObjectSchema);
  }

  private static Map<String, JsonSchemaElement> properties(ToolSpecification spec) {
    JsonObjectSchema parameters = spec.parameters();
    return parameters == null || parameters.properties() == null ? Map.of() : parameters.properties();
  }

  private static String describe(JsonSchemaElement element) {
    if (element instanceof JsonStringSchema) {
      return "string";
    }
    if (element instanceof JsonEnumSchema) {
      return "enum";
    }
    if (element instanceof JsonIntegerSchema) {
      return "integer";
    }
    if (element instanceof JsonNumberSchema) {
      return "number";
    }
    if (element instanceof JsonBooleanSchema) {
      return "boolean";
    }
    if (element instanceof JsonNullSchema) {
      return "null";
    }
    if (element instanceof JsonArraySchema) {
      return "array";
    }
    return element instanceof JsonObjectSchema ? "object" : element.getClass().getSimpleName();
  }

  private static String mismatch(String path, String expected, Object value) {
    return "argument '" + path + "' must be " + expected + ", but was " + kind(value);
  }

  private static String kind(Object v) {
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof BigDecimal) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof Map) {
      return "an object";
    }
    return "null";
  }

  private static String keys(Map<String, Object> values) {
    Set<String> out = new LinkedHashSet<>();
    values.keySet().forEach(k -> out.add("'" + SafeText.quote(k) + "'"));
    return out.toString();
  }

  private static String quoted(Set<String> names, String path) {
    Set<String> out = new LinkedHashSet<>();
    names.forEach(k -> out.add("'" + path + SafeText.quote(k) + "'"));
    return out.toString();
  }
}
