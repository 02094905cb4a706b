package io.nhiguard.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.MalformedArgumentsException;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolDescriptor;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Strict parsing of a tool call's JSON arguments into {@link CanonicalArguments}: the only way
 * arguments enter the guard.
 *
 * <p>Rejected, with a {@link MalformedArgumentsException} naming the problem:
 *
 * <ul>
 *   <li>anything but a single JSON object (RFC 8259), including trailing tokens after it;
 *   <li>duplicate keys at any depth (RFC 8259 leaves them undefined; parsers disagree on which wins);
 *   <li>{@code NaN}, {@code Infinity}, and numbers beyond the finite range of an IEEE 754 double or
 *       with more than {@value #MAX_NUMBER_DIGITS} significant digits;
 *   <li>nesting deeper than {@value #MAX_DEPTH} levels, or input above {@value #MAX_BYTES} bytes
 *       of UTF-8;
 *   <li>with a catalogue entry: an argument the entry does not declare (a look-alike such as
 *       {@code Amount} or {@code amount\u200B} beside {@code amount}, or any extra key), a value
 *       whose JSON type differs from the declared {@link
 *       ArgumentType} (no coercion of {@code "12"} to 12), an {@code INTEGER} with a fraction or
 *       outside the signed 64-bit range, and a negative {@link ArgumentRole#AMOUNT}.
 * </ul>
 *
 * <p>Numbers keep their exact decimal value as {@link BigDecimal} (trailing zeros stripped, so
 * {@code 1.0} and {@code 1} are the same value). The canonical form sorts object keys by UTF-16
 * code units, writes no insignificant white space and writes numbers in plain notation; its
 * SHA-256 is the argument digest a decision is bound to.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ArgumentCanonicalizer {

  /** The deepest nesting accepted (the top-level object is depth 1). */
  public static final int MAX_DEPTH = 32;

  /** The largest argument document accepted, in bytes of UTF-8. */
  public static final int MAX_BYTES = 64 * 1024;

  /**
   * The most digits a number may have after the decimal point; keeps the plain canonical form of
   * a number short (a tiny exponent such as {@code 1e-9999} would otherwise expand to thousands of
   * digits).
   */
  public static final int MAX_DECIMAL_PLACES = 100;

  /** The most significant digits a number may have (IEEE 754 decimal128 precision). */
  public static final int MAX_NUMBER_DIGITS = 34;

  private static final BigDecimal MAX_MAGNITUDE = new BigDecimal(Double.MAX_VALUE);
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH + 1)
                  .maxNumberLength(1000)
                  .maxStringLength(MAX_BYTES)
                  .build())
          .build();

  private static final ObjectMapper CANONICAL_WRITER =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private ArgumentCanonicalizer() {}

  /**
   * Parses arguments with no type information.
   *
   * @param json the raw JSON text from the model
   * @return the canonical arguments
   * @throws MalformedArgumentsException if the text is not a strict JSON object within the limits
   * @throws NullPointerException if {@code json} is null
   */
  public static CanonicalArguments parse(String json) {
    return parse(json, null);
  }

  /**
   * Parses arguments and checks them against a catalogue entry's declared types and roles.
   *
   * @param json the raw JSON text from the model
   * @param tool the catalogue entry, or {@code null} for no type checks
   * @return the canonical arguments
   * @throws MalformedArgumentsException if the text is not a strict JSON object within the limits
   *     or a value does not have its declared type
   * @throws NullPointerException if {@code json} is null
   */
  public static CanonicalArguments parse(String json, ToolDescriptor tool) {
    Objects.requireNonNull(json, "json");
    if (json.length() > MAX_BYTES || json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw malformed(
          "the argument document is larger than " + MAX_BYTES + " bytes; send smaller arguments");
    }
    Map<String, Object> values;
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw malformed("expected a JSON object, but the document starts with " + describe(first));
      }
      values = readObject(parser, 1);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw malformed("trailing content after the JSON object (" + describe(trailing) + "); send exactly one object");
      }
    } catch (StreamConstraintsException e) {
      throw malformed("nesting or size exceeds the limits (depth " + MAX_DEPTH + ", " + MAX_BYTES + " bytes)");
    } catch (JsonParseException e) {
      throw malformed("not strict JSON: " + describe(e));
    } catch (IOException e) {
      throw malformed("unreadable input (" + e.getClass().getSimpleName() + ")");
    }
    if (tool != null) {
      checkTypes(values, tool);
    }
    return of(values);
  }

  /**
   * Builds canonical arguments from values already in the canonical model (see {@link
   * CanonicalArguments}); used by tests and fluent callers.
   *
   * @param values the top-level values
   * @return the canonical arguments
   * @throws IllegalArgumentException if a value is not of a canonical type
   * @throws NullPointerException if {@code values} is null
   */
  public static CanonicalArguments of(Map<String, Object> values) {
    Objects.requireNonNull(values, "values");
    if (!CanonicalArguments.isCanonicalValue(values)) {
      throw new IllegalArgumentException(
          "values must be String, BigDecimal, Boolean, JsonNull, List or Map with String keys");
    }
    Map<String, Object> frozen = freezeMap(values);
    return new CanonicalArguments(frozen, write(frozen));
  }

  private static Map<String, Object> readObject(JsonParser parser, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw malformed("nesting deeper than " + MAX_DEPTH + " levels");
    }
    Map<String, Object> out = new TreeMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken valueToken = parser.nextToken();
      out.put(name, readValue(parser, valueToken, depth));
    }
    if (token != JsonToken.END_OBJECT) {
      throw malformed("unterminated object");
    }
    return Collections.unmodifiableMap(out);
  }

  private static List<Object> readArray(JsonParser parser, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw malformed("nesting deeper than " + MAX_DEPTH + " levels");
    }
    List<Object> out = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw malformed("unterminated array");
      }
      out.add(readValue(parser, token, depth));
    }
    return Collections.unmodifiableList(out);
  }

  private static Object readValue(JsonParser parser, JsonToken token, int depth) throws IOException {
    if (token == null) {
      throw malformed("unexpected end of input");
    }
    switch (token) {
      case START_OBJECT:
        return readObject(parser, depth + 1);
      case START_ARRAY:
        return readArray(parser, depth + 1);
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return number(parser.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return CanonicalArguments.JsonNull.INSTANCE;
      default:
        throw malformed("unexpected " + describe(token));
    }
  }

  private static BigDecimal number(String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw malformed("a number of " + text.length() + " characters is not a finite decimal");
    }
    if (value.abs().compareTo(MAX_MAGNITUDE) > 0) {
      throw malformed("a number of " + text.length() + " characters is outside the finite range of a double");
    }
    BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    if (stripped.precision() > MAX_NUMBER_DIGITS) {
      throw malformed(
          "a number has more than " + MAX_NUMBER_DIGITS + " significant digits");
    }
    if (stripped.scale() > MAX_DECIMAL_PLACES) {
      throw malformed("a number has more than " + MAX_DECIMAL_PLACES + " digits after the decimal point");
    }
    if (stripped.scale() < 0) {
      stripped = stripped.setScale(0);
    }
    return stripped;
  }

  private static void checkTypes(Map<String, Object> values, ToolDescriptor tool) {
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String name = e.getKey();
      if (!tool.argumentRoles().containsKey(name) && !tool.argumentTypes().containsKey(name)) {
        throw malformed(
            "argument '" + SafeText.quote(name) + "' is not declared for tool '" + tool.name()
                + "'; the catalogue must declare every argument a tool takes (no look-alike or extra keys)");
      }
      Object v = e.getValue();
      ArgumentType type = tool.typeOf(name);
      String problem = typeProblem(type, v);
      if (problem != null) {
        throw malformed(
            "argument '" + SafeText.quote(name) + "' of tool '" + tool.name() + "' " + problem);
      }
      if (tool.argumentRoles().get(name) == ArgumentRole.AMOUNT
          && v instanceof BigDecimal
          && ((BigDecimal) v).signum() < 0) {
        throw malformed(
            "amount '" + SafeText.quote(name) + "' of tool '" + tool.name() + "' is negative ("
                + ((BigDecimal) v).toPlainString() + "); amounts must be zero or more");
      }
    }
  }

  private static String typeProblem(ArgumentType type, Object v) {
    switch (type) {
      case ANY:
        return null;
      case STRING:
        return v instanceof String ? null : "must be a JSON string, but was " + kindOf(v);
      case BOOLEAN:
        return v instanceof Boolean ? null : "must be true or false, but was " + kindOf(v);
      case ARRAY:
        return v instanceof List ? null : "must be a JSON array, but was " + kindOf(v);
      case OBJECT:
        return v instanceof Map ? null : "must be a JSON object, but was " + kindOf(v);
      case NUMBER:
        return v instanceof BigDecimal ? null : "must be a JSON number, but was " + kindOf(v);
      case INTEGER:
        if (!(v instanceof BigDecimal)) {
          return "must be a JSON integer, but was " + kindOf(v);
        }
        BigDecimal d = (BigDecimal) v;
        if (d.scale() > 0) {
          return "must be an integer, but was " + d.toPlainString();
        }
        if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
          return "is outside the signed 64-bit integer range [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]";
        }
        return null;
      default:
        return "has an unsupported declared type " + type;
    }
  }

  private static String kindOf(Object v) {
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

  @SuppressWarnings("unchecked")
  private static Object freeze(Object v) {
    if (v instanceof Map) {
      return freezeMap((Map<String, Object>) v);
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<Object>) v) {
        out.add(freeze(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      BigDecimal s = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
      return s.scale() < 0 ? s.setScale(0) : s;
    }
    return v;
  }

  private static Map<String, Object> freezeMap(Map<String, Object> in) {
    Map<String, Object> out = new TreeMap<>();
    in.forEach((k, v) -> out.put(k, freeze(v)));
    return Collections.unmodifiableMap(out);
  }

  private static String write(Map<String, Object> values) {
    try {
      return CANONICAL_WRITER.writeValueAsString(toNode(values));
    } catch (IOException e) {
      throw new IllegalStateException("Canonical serialization failed", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static JsonNode toNode(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v instanceof Map) {
      ObjectNode node = f.objectNode();
      new TreeMap<>((Map<String, Object>) v).forEach((k, x) -> node.set(k, toNode(x)));
      return node;
    }
    if (v instanceof List) {
      ArrayNode node = f.arrayNode();
      ((List<Object>) v).forEach(x -> node.add(toNode(x)));
      return node;
    }
    if (v instanceof String) {
      return f.textNode((String) v);
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      if (d.scale() <= 0) {
        return f.numberNode(new BigInteger(d.toPlainString()));
      }
      return f.numberNode(d);
    }
    if (v instanceof Boolean) {
      return f.booleanNode((Boolean) v);
    }
    return f.nullNode();
  }

  private static String describe(JsonToken token) {
    return token == null ? "end of input" : token.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Names what is wrong with the JSON and where, never echoing the input: a parser message quotes
   * the offending token, which may be a secret the model misplaced.
   */
  private static String describe(JsonParseException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String what;
    if (original.startsWith("Duplicate field '")) {
      int end = original.indexOf('\'', 17);
      what = "duplicate key '" + SafeText.quote(end > 17 ? original.substring(17, end) : "?") + "'";
    } else if (original.startsWith("Unexpected end-of-input")) {
      what = "unexpected end of input";
    } else if (original.startsWith("Unrecognized token")) {
      what = "unrecognized token (strings must be quoted; NaN and Infinity are not JSON)";
    } else if (original.startsWith("Non-standard token")) {
      what = "non-standard token (NaN and Infinity are not JSON)";
    } else if (original.startsWith("Invalid numeric value") || original.contains("numeric value")) {
      what = "invalid number (no leading zeros, '+', hex or bare '.')";
    } else if (original.startsWith("Unexpected character")) {
      what = "unexpected character (comments, single quotes, unquoted keys and trailing commas are not JSON)";
    } else if (original.contains("Illegal unquoted character")) {
      what = "control character inside a string (escape it)";
    } else {
      what = "malformed JSON";
    }
    return what
        + " at line "
        + e.getLocation().getLineNr()
        + ", column "
        + e.getLocation().getColumnNr();
  }

  private static MalformedArgumentsException malformed(String problem) {
    return new MalformedArgumentsException("Malformed tool arguments: " + problem);
  }
}
