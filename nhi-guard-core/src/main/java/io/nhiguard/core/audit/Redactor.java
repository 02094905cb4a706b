package io.nhiguard.core.audit;

import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.ArgumentCanonicalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Produces the canonical arguments an audit record may hold: the same canonical JSON as {@link
 * CanonicalArguments#canonicalJson()}, with every secret value replaced by {@value #MARKER}.
 *
 * <p>A value is redacted (the whole value, whatever its type) when:
 *
 * <ul>
 *   <li>its top-level argument has the {@link ArgumentRole#SECRET} role in the tool catalogue, or
 *       is listed in the decision's {@link Obligations#redactedArguments()};
 *   <li>its key, at any depth, looks like a secret: after lower-casing and removing everything but
 *       letters and digits it contains {@code password}, {@code passwd}, {@code secret}, {@code
 *       token}, {@code apikey}, {@code privatekey}, {@code accesskey}, {@code authorization} or
 *       {@code credential} (so {@code api_key}, {@code X-Api-Key} and {@code clientSecret} match);
 * </ul>
 *
 * and a string value is redacted when it looks like a secret: a PEM private key, a JSON Web
 * Token, a {@code Bearer} credential, or a well-known key format (AWS access key ids, GitHub,
 * Slack, Stripe and {@code sk-} API keys, Google API keys), a URL carrying a password in its
 * userinfo ({@code https://user:pass@host/}), or a URL whose query carries a key, token, password,
 * secret or signature parameter.
 *
 * <p>The key and value patterns are a safety net, not a guarantee: declare secret arguments with
 * the {@code SECRET} role. They err toward redacting (a key such as {@code max_tokens} is
 * redacted), which costs only replayability of that record.
 *
 * <p>This class is stateless and thread-safe. When nothing needs redaction it returns the original
 * canonical JSON without copying.
 *
 * @since 0.1.0
 */
public final class Redactor {

  /** The text that replaces a redacted value. */
  public static final String MARKER = "<redacted>";

  private static final List<String> SECRET_KEY_PARTS =
      List.of("password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "privatekey", "accesskey", "authorization", "credential");

  private static final Pattern SECRET_VALUE =
      Pattern.compile(
          "PRIVATE KEY-----"
              + "|eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\."
              + "|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,}"
              + "|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"
              + "|\\bgh[pousr]_[A-Za-z0-9]{30,}"
              + "|\\bgithub_pat_[A-Za-z0-9_]{20,}"
              + "|\\bxox[abprs]-[A-Za-z0-9-]{10,}"
              + "|\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}"
              + "|\\bsk-[A-Za-z0-9_-]{20,}"
              + "|\\bAIza[0-9A-Za-z_-]{35}"
              + "|://[^/\\s:@]*:[^/\\s@]+@"
              + "|[?&;](?i:[a-z0-9_-]*(?:api[_-]?key|access[_-]?token|token|password|passwd|secret|signature|sig))=[^&\\s]+");

  private static final ToolDescriptor NO_ROLES =
      ToolDescriptor.of("unknown.tool", io.nhiguard.api.ActionKind.EXECUTE, "unknown");

  private Redactor() {}

  /**
   * Redacts the arguments of a call to a tool with no catalogue entry (an unknown tool): only the
   * obligations and the key and value patterns apply.
   *
   * @param arguments the canonical arguments
   * @param obligations the decision's obligations
   * @return canonical JSON safe to record
   * @throws NullPointerException if an argument is null
   */
  public static String redact(CanonicalArguments arguments, Obligations obligations) {
    return redact(arguments, NO_ROLES, obligations);
  }

  /**
   * Returns the canonical JSON of the arguments with secrets replaced by {@value #MARKER}.
   *
   * @param arguments the canonical arguments
   * @param tool the catalogue entry (its {@link ArgumentRole#SECRET} roles are redacted)
   * @param obligations the decision's obligations (its redacted arguments are redacted)
   * @return canonical JSON safe to record
   * @throws NullPointerException if an argument is null
   */
  public static String redact(CanonicalArguments arguments, ToolDescriptor tool, Obligations obligations) {
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(obligations, "obligations");
    Map<String, Object> values = arguments.values();
    boolean needed = false;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (isDeclaredSecret(e.getKey(), tool, obligations) || needsRedaction(e.getKey(), e.getValue())) {
        needed = true;
        break;
      }
    }
    if (!needed) {
      return arguments.canonicalJson();
    }
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      out.put(e.getKey(), isDeclaredSecret(e.getKey(), tool, obligations) ? MARKER : redactEntry(e.getKey(), e.getValue()));
    }
    return ArgumentCanonicalizer.of(out).canonicalJson();
  }

  /**
   * Returns whether a key looks like it names a secret (see the class documentation).
   *
   * @param key the key
   * @return true if values under it are redacted
   * @throws NullPointerException if {@code key} is null
   */
  public static boolean looksLikeSecretKey(String key) {
    Objects.requireNonNull(key, "key");
    StringBuilder normalized = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        normalized.append(c);
      }
    }
    String k = normalized.toString().toLowerCase(Locale.ROOT);
    for (String part : SECRET_KEY_PARTS) {
      if (k.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether a string looks like a secret itself (see the class documentation).
   *
   * @param value the value
   * @return true if it is redacted wherever it appears
   * @throws NullPointerException if {@code value} is null
   */
  public static boolean looksLikeSecretValue(String value) {
    return SECRET_VALUE.matcher(Objects.requireNonNull(value, "value")).find();
  }

  /**
   * Returns whether recorded arguments hold a redacted value anywhere (as a string value equal to
   * {@value #MARKER}).
   *
   * @param values the top-level values of recorded arguments
   * @return true if some value was redacted (or is literally the marker)
   * @throws NullPointerException if {@code values} is null
   */
  public static boolean containsRedaction(Map<String, Object> values) {
    return containsMarker(Objects.requireNonNull(values, "values"));
  }

  private static boolean containsMarker(Object value) {
    if (MARKER.equals(value)) {
      return true;
    }
    if (value instanceof Map) {
      for (Object v : ((Map<?, ?>) value).values()) {
        if (containsMarker(v)) {
          return true;
        }
      }
    } else if (value instanceof List) {
      for (Object v : (List<?>) value) {
        if (containsMarker(v)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isDeclaredSecret(String name, ToolDescriptor tool, Obligations obligations) {
    return tool.argumentRoles().get(name) == ArgumentRole.SECRET || obligations.redactedArguments().contains(name);
  }

  private static boolean needsRedaction(String key, Object value) {
    if (looksLikeSecretKey(key)) {
      return true;
    }
    return needsRedaction(value);
  }

  private static boolean needsRedaction(Object value) {
    if (value instanceof String) {
      return looksLikeSecretValue((String) value);
    }
    if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (needsRedaction((String) e.getKey(), e.getValue())) {
          return true;
        }
      }
    } else if (value instanceof List) {
      for (Object v : (List<?>) value) {
        if (needsRedaction(v)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Object redactEntry(String key, Object value) {
    return looksLikeSecretKey(key) ? MARKER : redactValue(value);
  }

  private static Object redactValue(Object value) {
    if (value instanceof String) {
      return looksLikeSecretValue((String) value) ? MARKER : value;
    }
    if (value instanceof Map) {
      Map<String, Object> out = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        out.put((String) e.getKey(), redactEntry((String) e.getKey(), e.getValue()));
      }
      return out;
    }
    if (value instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object v : (List<?>) value) {
        out.add(redactValue(v));
      }
      return out;
    }
    return value;
  }
}
