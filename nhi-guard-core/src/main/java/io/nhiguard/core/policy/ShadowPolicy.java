package io.nhiguard.core.policy;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.ToolDescriptor;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow (log-only) mode: evaluates a candidate policy next to the enforced one and reports both
 * decisions to a {@link ShadowListener}, but always returns the enforced decision. The catalogue,
 * id and version are the enforced policy's.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ShadowPolicy implements PolicyDecisionPoint {

  private static final Logger log = LoggerFactory.getLogger(ShadowPolicy.class);

  private final PolicyDecisionPoint enforced;
  private final PolicyDecisionPoint shadow;
  private final ShadowListener listener;

  private ShadowPolicy(PolicyDecisionPoint enforced, PolicyDecisionPoint shadow, ShadowListener listener) {
    this.enforced = enforced;
    this.shadow = shadow;
    this.listener = listener;
  }

  /**
   * Pairs an enforced policy with a shadow.
   *
   * @param enforced the policy whose decisions are returned
   * @param shadow the candidate policy, evaluated and reported only
   * @param listener receives both decisions
   * @return the pair
   * @throws NullPointerException if an argument is null
   */
  public static ShadowPolicy of(PolicyDecisionPoint enforced, PolicyDecisionPoint shadow, ShadowListener listener) {
    return new ShadowPolicy(Objects.requireNonNull(enforced, "enforced"), Objects.requireNonNull(shadow, "shadow"),
        Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Returns the shadow policy.
   *
   * @return the candidate policy
   */
  public PolicyDecisionPoint shadow() {
    return shadow;
  }

  /**
   * Returns the enforced policy.
   *
   * @return the enforced policy
   */
  public PolicyDecisionPoint enforced() {
    return enforced;
  }

  @Override
  public Decision decide(AuthorizationRequest request) {
    Decision decision = enforced.decide(request);
    try {
      Decision candidate = shadow.decide(request);
      listener.onShadowDecision(request, decision, candidate);
    } catch (RuntimeException e) {
      log.warn("Shadow policy '{}' or its listener failed; the enforced decision stands", shadow.policyId(), e);
    }
    return decision;
  }

  @Override
  public String policyId() {
    return enforced.policyId();
  }

  @Override
  public String versionDigest() {
    return enforced.versionDigest();
  }

  @Override
  public Map<String, ToolDescriptor> catalogue() {
    return enforced.catalogue();
  }
}
