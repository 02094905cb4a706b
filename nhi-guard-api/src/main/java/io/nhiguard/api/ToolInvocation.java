package io.nhiguard.api;

/**
 * The next step of an interceptor chain: runs the tool (or the next interceptor) for an authorized
 * call.
 *
 * <p>Implementations must be thread-safe if the chain is shared between threads.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ToolInvocation {
  /**
   * Runs the call.
   *
   * @param call the authorized call
   * @return the result, never null
   */
  ToolResult proceed(AuthorizedCall call);
}
