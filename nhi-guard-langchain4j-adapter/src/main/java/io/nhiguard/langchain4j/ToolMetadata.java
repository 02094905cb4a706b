package io.nhiguard.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.nhiguard.api.ActionKind;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolDescriptor;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a tool declares about itself through {@code @Tool(metadata = "...")} (or {@link
 * ToolSpecification#metadata()}), under the keys {@value #ACTION}, {@value #DESTINATION}, {@value
 * #ARGUMENTS} and {@value #UNTRUSTED_OUTPUT}.
 *
 * <p>The policy's catalogue is authoritative: a declaration never adds or changes a catalogue entry.
 * It is a statement by the tool's developer that is checked against the catalogue when the tool is
 * wrapped, so that a tool the developer knows to be a payment cannot silently run under a catalogue
 * entry that calls it a read. Example:
 *
 * <pre>{@code
 * @Tool(name = "send_money", value = "Sends money",
 *       metadata = "{\"nhi-guard.action\":\"PAYMENT\",\"nhi-guard.destination\":\"bank\","
 *                + "\"nhi-guard.arguments\":{\"recipient\":\"RECIPIENT\",\"amount\":\"AMOUNT\"}}")
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
final class ToolMetadata {

  /** The declared action kind, an {@link ActionKind} name. */
  static final String ACTION = "nhi-guard.action";

  /** The declared destination. */
  static final String DESTINATION = "nhi-guard.destination";

  /** The declared argument roles: an object from argument name to {@link ArgumentRole} name. */
  static final String ARGUMENTS = "nhi-guard.arguments";

  /** Whether the tool's output may carry content an attacker controls. */
  static final String UNTRUSTED_OUTPUT = "nhi-guard.untrustedOutput";

  private static final String PREFIX = "nhi-guard.";

  private final String tool;
  private final ActionKind action;
  private final String destination;
  private final Map<String, ArgumentRole> roles;
  private final Boolean untrustedOutput;

  private ToolMetadata(String tool, ActionKind action, String destination, Map<String, ArgumentRole> roles, Boolean untrustedOutput) {
    this.tool = tool;
    this.action = action;
    this.destination = destination;
    this.roles = roles;
    this.untrustedOutput = untrustedOutput;
  }

  /**
   * Reads a specification's declarations.
   *
   * @param spec the specification
   * @return the declarations, possibly none
   * @throws IllegalArgumentException if a declaration is malformed or a key is unknown
   */
  static ToolMetadata of(ToolSpecification spec) {
    Map<String, Object> metadata = spec.metadata() == null ? Map.of() : spec.metadata();
    String tool = SafeText.quote(spec.name());
    ActionKind action = null;
    String destination = null;
    Map<String, ArgumentRole> roles = null;
    Boolean untrusted = null;
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      switch (key) {
        case ACTION:
          action = parseEnum(ActionKind.class, value, tool, key);
          break;
        case DESTINATION:
          if (!(value instanceof String) || ((String) value).isBlank()) {
            throw malformed(tool, key, "a non-blank string", value);
          }
          destination = (String) value;
          break;
        case ARGUMENTS:
          if (!(value instanceof Map)) {
            throw malformed(tool, key, "an object from argument name to role", value);
          }
          roles = new TreeMap<>();
          for (Map.Entry<?, ?> r : ((Map<?, ?>) value).entrySet()) {
            roles.put(String.valueOf(r.getKey()), parseEnum(ArgumentRole.class, r.getValue(), tool, key + "." + r.getKey()));
          }
          break;
        case UNTRUSTED_OUTPUT:
          if (!(value instanceof Boolean)) {
            throw malformed(tool, key, "true or false", value);
          }
          untrusted = (Boolean) value;
          break;
        default:
          throw new IllegalArgumentException(
              "Tool '" + tool + "' declares unknown metadata key '" + SafeText.quote(key) + "'; expected one of "
                  + java.util.List.of(ACTION, DESTINATION, ARGUMENTS, UNTRUSTED_OUTPUT));
      }
    }
    return new ToolMetadata(tool, action, destination, roles, untrusted);
  }

  /**
   * Returns whether the tool declares anything.
   *
   * @return true if at least one nhi-guard key is present
   */
  boolean declaresAny() {
    return action != null || destination != null || roles != null || untrustedOutput != null;
  }

  /**
   * Compares the declarations with the catalogue entry.
   *
   * @param entry the catalogue entry
   * @return the first disagreement, or null
   */
  String contradiction(ToolDescriptor entry) {
    if (action != null && action != entry.action()) {
      return "declares action " + action + " but the catalogue says " + entry.action();
    }
    if (destination != null && !destination.equals(entry.destination())) {
      return "declares destination '" + SafeText.quote(destination) + "' but the catalogue says '" + entry.destination() + "'";
    }
    if (roles != null && !roles.equals(new TreeMap<>(entry.argumentRoles()))) {
      return "declares argument roles " + roles + " but the catalogue says " + new TreeMap<>(entry.argumentRoles());
    }
    if (untrustedOutput != null && untrustedOutput != entry.untrustedOutput()) {
      return "declares untrustedOutput=" + untrustedOutput + " but the catalogue says " + entry.untrustedOutput();
    }
    return null;
  }

  String tool() {
    return tool;
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, Object value, String tool, String key) {
    if (value instanceof String) {
      try {
        return Enum.valueOf(type, ((String) value).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw malformed(tool, key, "one of " + java.util.Arrays.toString(type.getEnumConstants()), value);
  }

  private static IllegalArgumentException malformed(String tool, String key, String expected, Object value) {
    return new IllegalArgumentException(
        "Tool '" + tool + "' metadata '" + SafeText.quote(key) + "' must be " + expected + ", but was '"
            + SafeText.quote(String.valueOf(value)) + "'");
  }

  @Override
  public String toString() {
    return "ToolMetadata[" + tool + ", action=" + action + ", destination=" + Objects.toString(destination, "-") + "]";
  }
}
