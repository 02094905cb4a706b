package io.nhiguard.api;

/**
 * The one grammar of tool names: {@code [a-z][a-z0-9_.-]{0,63}}, ASCII only and case-sensitive.
 *
 * <p>A name outside the grammar (control characters, white space, non-ASCII letters such as
 * {@code U+017F} or full-width forms, upper case) is malformed and denied; it is never trimmed,
 * normalized or case-folded into a match. This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ToolNames {

  /** The longest tool name, in characters. */
  public static final int MAX_LENGTH = 64;

  private ToolNames() {}

  /**
   * Returns whether a name follows the grammar.
   *
   * @param name the candidate, may be null
   * @return true if well formed
   */
  public static boolean isWellFormed(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    char first = name.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Describes why a name is malformed, for error messages and explanations.
   *
   * @param name the candidate, may be null
   * @return a message naming the escaped value and the expected grammar
   */
  public static String problem(String name) {
    return "Tool name '"
        + SafeText.quote(name)
        + "' is malformed; expected ASCII [a-z][a-z0-9_.-]{0,63}, case-sensitive, with no white space,"
        + " control or non-ASCII characters";
  }
}
