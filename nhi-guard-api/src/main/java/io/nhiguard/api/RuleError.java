package io.nhiguard.api;

import java.util.Objects;

/**
 * An error raised while evaluating one applicable rule. Such an error denies the call (unlike
 * Cedar, which skips an erroring rule); it is reported in the decision, never thrown.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param ruleId the id of the rule that failed
 * @param message what went wrong, with untrusted values escaped
 * @since 0.1.0
 */
public record RuleError(String ruleId, String message) {
  /**
   * Validates an error.
   *
   * @param ruleId the {@code ruleId} component
   * @param message the {@code message} component
   * @throws NullPointerException if an argument is null
   */
  public RuleError {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(message, "message");
  }
}
