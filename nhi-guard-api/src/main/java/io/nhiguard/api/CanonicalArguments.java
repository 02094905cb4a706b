package io.nhiguard.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The arguments of a tool call after strict parsing: an immutable JSON object, its canonical
 * serialization, and the SHA-256 digest of that serialization. A decision is bound to the digest,
 * and the tool runs with exactly these values.
 *
 * <p>Values are {@link String}, {@link BigDecimal} (exact; never a binary floating-point number),
 * {@link Boolean}, {@link JsonNull#INSTANCE}, {@code List<Object>} and {@code Map<String, Object>},
 * all unmodifiable. Instances are produced by the core's argument canonicalizer, which is the only
 * way arguments enter the guard.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CanonicalArguments {

  /** The JSON {@code null} value inside canonical arguments. */
  public enum JsonNull {
    /** The only instance. */
    INSTANCE
  }

  private static final CanonicalArguments EMPTY = new CanonicalArguments(Map.of(), "{}");

  private final Map<String, Object> values;
  private final String canonicalJson;
  private final String digest;

  /**
   * Wraps parsed values and their canonical JSON; the digest is computed here.
   *
   * @param values the top-level object, already deeply unmodifiable
   * @param canonicalJson the canonical serialization of {@code values} (sorted keys, no
   *     insignificant white space, numbers in plain decimal form)
   * @throws NullPointerException if an argument is null
   */
  public CanonicalArguments(Map<String, Object> values, String canonicalJson) {
    this.values = Map.copyOf(Objects.requireNonNull(values, "values"));
    this.canonicalJson = Objects.requireNonNull(canonicalJson, "canonicalJson");
    this.digest = sha256Hex(canonicalJson);
  }

  /**
   * Returns the empty argument object {@code {}}.
   *
   * @return the empty arguments
   */
  public static CanonicalArguments empty() {
    return EMPTY;
  }

  /**
   * Returns the top-level values by argument name.
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> values() {
    return values;
  }

  /**
   * Returns one top-level value.
   *
   * @param name the argument name
   * @return the value, or empty if absent
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<Object> get(String name) {
    return Optional.ofNullable(values.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Returns a top-level value as text: strings as they are, numbers in plain form, booleans as
   * {@code true}/{@code false}; empty for absent, null, arrays and objects.
   *
   * @param name the argument name
   * @return the scalar text
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<String> text(String name) {
    Object v = values.get(Objects.requireNonNull(name, "name"));
    if (v instanceof String) {
      return Optional.of((String) v);
    }
    if (v instanceof BigDecimal) {
      return Optional.of(((BigDecimal) v).toPlainString());
    }
    if (v instanceof Boolean) {
      return Optional.of(v.toString());
    }
    return Optional.empty();
  }

  /**
   * Returns the canonical JSON serialization.
   *
   * @return the canonical JSON text
   */
  public String canonicalJson() {
    return canonicalJson;
  }

  /**
   * Returns the SHA-256 digest of the canonical JSON's UTF-8 bytes.
   *
   * @return 64 lowercase hexadecimal characters
   */
  public String digest() {
    return digest;
  }

  /**
   * Returns whether {@code value} is one of the allowed canonical value types, recursively.
   *
   * @param value the value
   * @return true if the value can appear inside canonical arguments
   */
  public static boolean isCanonicalValue(Object value) {
    if (value instanceof String || value instanceof BigDecimal || value instanceof Boolean || value == JsonNull.INSTANCE) {
      return true;
    }
    if (value instanceof List) {
      return ((List<?>) value).stream().allMatch(CanonicalArguments::isCanonicalValue);
    }
    if (value instanceof Map) {
      return ((Map<?, ?>) value)
          .entrySet().stream()
              .allMatch(e -> e.getKey() instanceof String && isCanonicalValue(e.getValue()));
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CanonicalArguments && ((CanonicalArguments) o).canonicalJson.equals(canonicalJson);
  }

  @Override
  public int hashCode() {
    return canonicalJson.hashCode();
  }

  /** Returns the digest only: argument values may be sensitive and never appear in a string form. */
  @Override
  public String toString() {
    return "CanonicalArguments[sha256=" + digest + "]";
  }

  /**
   * Computes the SHA-256 of a string's UTF-8 bytes.
   *
   * @param text the text
   * @return 64 lowercase hexadecimal characters
   * @throws NullPointerException if {@code text} is null
   */
  public static String sha256Hex(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
