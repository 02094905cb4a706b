package io.nhiguard.api;

import java.util.Objects;

/**
 * The result of one tool invocation as text, with whether it is an error the model should see as
 * such.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param text the result text
 * @param isError whether the result reports an error
 * @since 0.1.0
 */
public record ToolResult(String text, boolean isError) {
  /**
   * Validates a result.
   *
   * @param text the {@code text} component
   * @param isError the {@code isError} component
   * @throws NullPointerException if {@code text} is null
   */
  public ToolResult {
    Objects.requireNonNull(text, "text");
  }

  /**
   * A successful result.
   *
   * @param text the text
   * @return the result
   */
  public static ToolResult of(String text) {
    return new ToolResult(text, false);
  }

  /**
   * An error result.
   *
   * @param text the error text
   * @return the result
   */
  public static ToolResult error(String text) {
    return new ToolResult(text, true);
  }

  /** Returns a rendering without the text, which may be sensitive. */
  @Override
  public String toString() {
    return "ToolResult[isError=" + isError + ", length=" + text.length() + "]";
  }
}
