package io.nhiguard.api.spi;

import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.PolicyDefinitionException;

/**
 * A policy language: turns policy source text into a compiled, immutable {@link
 * PolicyDecisionPoint}. The built-in language reads YAML or JSON; others (CEL, a Java fluent API)
 * plug in here.
 *
 * <p>Implementations must be thread-safe and must reject (never silently repair) anything they do
 * not understand.
 *
 * @since 0.1.0
 */
public interface RuleLanguage {

  /**
   * Returns the language's name, for example {@code nhi-guard-yaml}.
   *
   * @return the name
   */
  String name();

  /**
   * Compiles a policy.
   *
   * @param sourceName the file or resource name, used in error messages
   * @param text the policy text
   * @return the compiled policy
   * @throws PolicyDefinitionException if the policy is invalid, with line and column
   * @throws NullPointerException if an argument is null
   */
  PolicyDecisionPoint compile(String sourceName, String text);
}
