package io.nhiguard.api;

import java.util.Map;
import java.util.Optional;

/**
 * A compiled policy: the policy decision point (PDP). It knows the tool catalogue and decides
 * authorization requests with default deny.
 *
 * <p>Implementations are immutable and thread-safe: a reload produces a new instance, swapped in
 * atomically by the guard. {@link #decide(AuthorizationRequest)} must never throw and never return
 * {@code null}; a failure inside it must come back as a {@link Decision.Deny} with {@link
 * ReasonCode#RULE_EVALUATION_ERROR}.
 *
 * @since 0.1.0
 */
public interface PolicyDecisionPoint {

  /**
   * Decides one request.
   *
   * @param request the request
   * @return the decision, never null
   */
  Decision decide(AuthorizationRequest request);

  /**
   * Returns the policy id.
   *
   * @return the id
   */
  String policyId();

  /**
   * Returns a digest that changes with any change of the compiled policy.
   *
   * @return the version digest
   */
  String versionDigest();

  /**
   * Returns the catalogue entry of a tool.
   *
   * @param toolName the tool name
   * @return the entry, empty for an unknown tool
   * @throws NullPointerException if {@code toolName} is null
   */
  default Optional<ToolDescriptor> tool(String toolName) {
    return Optional.ofNullable(catalogue().get(java.util.Objects.requireNonNull(toolName, "toolName")));
  }

  /**
   * Returns the tool catalogue.
   *
   * @return an unmodifiable map of tool name to entry
   */
  Map<String, ToolDescriptor> catalogue();
}
