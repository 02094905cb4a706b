package io.nhiguard.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The identifier of a non-human identity: a SPIFFE ID of the form {@code
 * spiffe://<trust-domain>/<path>}.
 *
 * <p>Validation follows the <a
 * href="https://github.com/spiffe/spiffe/blob/main/standards/SPIFFE-ID.md">SPIFFE ID
 * specification</a>, section 2: the scheme is exactly {@code spiffe}; the trust domain is 1 to 255
 * characters of {@code [a-z0-9.-_]} (lowercase only, no port, no userinfo); the path is empty or a
 * sequence of {@code /segment} where every segment is non-empty, is not {@code .} or {@code ..}
 * and consists of {@code [A-Za-z0-9.-_]}; there is no query, fragment or trailing slash; and the
 * whole ID is at most 2048 bytes. Nothing is normalized: an ID that is not already canonical is
 * rejected, so two valid IDs are equal exactly when their strings are equal.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param value the canonical SPIFFE ID string
 * @since 0.1.0
 */
public record AgentId(String value) implements Comparable<AgentId> {

  /** The longest SPIFFE ID accepted, in bytes (SPIFFE ID specification, section 2.3). */
  public static final int MAX_LENGTH_BYTES = 2048;

  /** The longest trust domain accepted, in characters. */
  public static final int MAX_TRUST_DOMAIN_LENGTH = 255;

  private static final String PREFIX = "spiffe://";

  /**
   * Validates and wraps a SPIFFE ID.
   *
   * @param value the SPIFFE ID, for example {@code spiffe://example.org/agent/billing}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not a valid SPIFFE ID; the message names
   *     the offending part and the rule it breaks
   */
  public AgentId {
    Objects.requireNonNull(value, "value");
    String problem = problemWith(value);
    if (problem != null) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Invalid SPIFFE ID '%s': %s; expected spiffe://<trust-domain>/<path> per the SPIFFE ID specification",
              SafeText.quote(value),
              problem));
    }
  }

  /**
   * Parses a SPIFFE ID.
   *
   * @param value the SPIFFE ID string
   * @return the validated identifier
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not a valid SPIFFE ID
   */
  public static AgentId of(String value) {
    return new AgentId(value);
  }

  /**
   * Builds the conventional ID of an agent, {@code spiffe://<trustDomain>/agent/<name>}.
   *
   * @param trustDomain the trust domain, for example {@code example.org}
   * @param name the agent's name, one path segment
   * @return the validated identifier
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the result is not a valid SPIFFE ID
   */
  public static AgentId agent(String trustDomain, String name) {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(name, "name");
    return new AgentId(PREFIX + trustDomain + "/agent/" + name);
  }

  /**
   * Returns whether a string is a valid SPIFFE ID, without throwing.
   *
   * @param value the candidate, may be null
   * @return true if {@link #of(String)} would accept it
   */
  public static boolean isValid(String value) {
    return value != null && problemWith(value) == null;
  }

  /**
   * Returns the trust domain, the authority part of the ID.
   *
   * @return the trust domain, never empty
   */
  public String trustDomain() {
    int slash = value.indexOf('/', PREFIX.length());
    return slash < 0 ? value.substring(PREFIX.length()) : value.substring(PREFIX.length(), slash);
  }

  /**
   * Returns the path, including its leading slash, or the empty string when the ID names the trust
   * domain itself.
   *
   * @return the path
   */
  public String path() {
    int slash = value.indexOf('/', PREFIX.length());
    return slash < 0 ? "" : value.substring(slash);
  }

  @Override
  public int compareTo(AgentId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  private static String problemWith(String value) {
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH_BYTES) {
      return "longer than " + MAX_LENGTH_BYTES + " bytes";
    }
    if (!value.startsWith(PREFIX)) {
      return "the scheme must be exactly 'spiffe' followed by '://'";
    }
    int pathStart = value.indexOf('/', PREFIX.length());
    String trustDomain =
        pathStart < 0 ? value.substring(PREFIX.length()) : value.substring(PREFIX.length(), pathStart);
    if (trustDomain.isEmpty()) {
      return "the trust domain is empty";
    }
    if (trustDomain.length() > MAX_TRUST_DOMAIN_LENGTH) {
      return "the trust domain is longer than " + MAX_TRUST_DOMAIN_LENGTH + " characters";
    }
    for (int i = 0; i < trustDomain.length(); i++) {
      char c = trustDomain.charAt(i);
      if (c == ':') {
        return "the trust domain must not carry a port";
      }
      if (c == '@') {
        return "the trust domain must not carry userinfo";
      }
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
        return "the trust domain may only contain lowercase letters, digits, '.', '-' and '_'";
      }
    }
    if (pathStart < 0) {
      return null;
    }
    String path = value.substring(pathStart);
    int segmentStart = 1;
    while (true) {
      int next = path.indexOf('/', segmentStart);
      String segment = next < 0 ? path.substring(segmentStart) : path.substring(segmentStart, next);
      if (segment.isEmpty()) {
        return next < 0 ? "the path must not end with '/'" : "the path must not contain an empty segment";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "the path must not contain a '.' or '..' segment";
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c == '?') {
          return "a SPIFFE ID must not carry a query";
        }
        if (c == '#') {
          return "a SPIFFE ID must not carry a fragment";
        }
        if (!((c >= 'a' && c <= 'z')
            || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9')
            || c == '.'
            || c == '-'
            || c == '_')) {
          return "path segments may only contain letters, digits, '.', '-' and '_'";
        }
      }
      if (next < 0) {
        return null;
      }
      segmentStart = next + 1;
    }
  }
}
