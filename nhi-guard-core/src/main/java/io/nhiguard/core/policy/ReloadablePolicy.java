package io.nhiguard.core.policy;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.ToolDescriptor;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A policy decision point whose policy can be replaced while it serves decisions. Each decision
 * reads the current snapshot once, so it is made entirely by the old or entirely by the new
 * policy, never by half of each. A reload whose compilation fails keeps the current policy.
 *
 * <p>Callers that read the catalogue and then decide should take {@link #current()} once and use
 * that snapshot for both.
 *
 * <p>Instances are thread-safe.
 *
 * @since 0.1.0
 */
public final class ReloadablePolicy implements PolicyDecisionPoint {

  private static final Logger log = LoggerFactory.getLogger(ReloadablePolicy.class);

  private final AtomicReference<PolicyDecisionPoint> current;

  private ReloadablePolicy(PolicyDecisionPoint initial) {
    this.current = new AtomicReference<>(initial);
  }

  /**
   * Wraps an initial policy.
   *
   * @param initial the policy to serve first
   * @return the reloadable policy
   * @throws NullPointerException if {@code initial} is null
   */
  public static ReloadablePolicy of(PolicyDecisionPoint initial) {
    return new ReloadablePolicy(Objects.requireNonNull(initial, "initial"));
  }

  /**
   * Swaps in a new policy atomically.
   *
   * @param next the new policy
   * @return the policy it replaced
   * @throws NullPointerException if {@code next} is null
   */
  public PolicyDecisionPoint reload(PolicyDecisionPoint next) {
    Objects.requireNonNull(next, "next");
    PolicyDecisionPoint previous = current.getAndSet(next);
    log.info("Policy reloaded: '{}' version {} replaces '{}' version {}", next.policyId(), next.versionDigest(),
        previous.policyId(), previous.versionDigest());
    return previous;
  }

  /**
   * Compiles a new policy and swaps it in; if compiling throws, the current policy stays.
   *
   * @param compiler produces the new policy, for example {@code () -> Policies.fromPath(p)}
   * @return the policy it replaced
   * @throws io.nhiguard.api.PolicyDefinitionException if the new policy is invalid
   * @throws NullPointerException if {@code compiler} or its result is null
   */
  public PolicyDecisionPoint reloadFrom(Supplier<? extends PolicyDecisionPoint> compiler) {
    PolicyDecisionPoint next = Objects.requireNonNull(compiler, "compiler").get();
    return reload(Objects.requireNonNull(next, "compiled policy"));
  }

  /**
   * Returns the current snapshot.
   *
   * @return the policy serving decisions now
   */
  public PolicyDecisionPoint current() {
    return current.get();
  }

  @Override
  public Decision decide(AuthorizationRequest request) {
    return current.get().decide(request);
  }

  @Override
  public String policyId() {
    return current.get().policyId();
  }

  @Override
  public String versionDigest() {
    return current.get().versionDigest();
  }

  @Override
  public Map<String, ToolDescriptor> catalogue() {
    return current.get().catalogue();
  }
}
