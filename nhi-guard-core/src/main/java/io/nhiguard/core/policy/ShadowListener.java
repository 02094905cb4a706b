package io.nhiguard.core.policy;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;

/**
 * Receives the decision of a shadow (candidate) policy next to the enforced one, for tuning a new
 * policy before it enforces; for example to record both in the audit log and count the decisions
 * that would flip.
 *
 * <p>Implementations must be thread-safe and should return quickly; an exception they throw is
 * logged and ignored, never changes the enforced decision.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ShadowListener {

  /**
   * Called once per decision.
   *
   * @param request the request
   * @param enforced the decision that was enforced
   * @param shadow the decision the shadow policy would have made
   */
  void onShadowDecision(AuthorizationRequest request, Decision enforced, Decision shadow);
}
