package io.nhiguard.api;

import java.util.Locale;

/**
 * Renders untrusted strings (tool names, argument values, identifiers) for messages, logs and
 * explanations so that they can never carry control characters, line breaks or non-ASCII
 * look-alikes into a log line.
 *
 * <p>Every character outside printable ASCII ({@code 0x20..0x7E}) and the backslash is written as
 * {@code \}{@code uXXXX}; the result is cut after {@value #MAX_CHARS} characters and the original
 * length is appended. This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class SafeText {

  /** The longest prefix of a value that is rendered, in characters. */
  public static final int MAX_CHARS = 200;

  private SafeText() {}

  /**
   * Escapes a value for display.
   *
   * @param value the untrusted value; {@code null} renders as {@code "null"}
   * @return an ASCII-only rendering of at most {@value #MAX_CHARS} source characters
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    int limit = Math.min(value.length(), MAX_CHARS);
    StringBuilder out = new StringBuilder(limit + 16);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      }
    }
    if (value.length() > limit) {
      out.append("...(").append(value.length()).append(" chars)");
    }
    return out.toString();
  }
}
