package io.nhiguard.api;

import java.util.Objects;

/**
 * The policy enforcement point around a tool invocation, in the style of Resilience4j decorators:
 * framework adapters hand every tool call to an interceptor together with the invocation that runs
 * the tool.
 *
 * <p>The guard's interceptor resolves identity and task, canonicalizes the arguments, decides,
 * audits the decision, then either refuses (through its denial handler) or leases a credential,
 * runs {@code next}, audits the outcome and releases the lease.
 *
 * <p>Implementations must be thread-safe: adapters may run tools concurrently.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ToolCallInterceptor {

  /**
   * Guards one call.
   *
   * @param call the raw call
   * @param next what runs the tool once authorized
   * @return the tool's result, or a refusal the model can read, depending on the denial handler
   * @throws ToolCallDeniedException if the call is refused and the denial handler throws
   */
  ToolResult intercept(ToolCall call, ToolInvocation next);

  /**
   * Binds this interceptor to a tool invocation, so the result can be called with only the raw
   * call.
   *
   * @param next the invocation
   * @return a function from raw call to result
   * @throws NullPointerException if {@code next} is null
   */
  default java.util.function.Function<ToolCall, ToolResult> wrap(ToolInvocation next) {
    Objects.requireNonNull(next, "next");
    return call -> intercept(call, next);
  }
}
