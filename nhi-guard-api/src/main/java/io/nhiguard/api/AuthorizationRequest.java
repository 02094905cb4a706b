package io.nhiguard.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything the policy decision point sees when it decides one call: principal (identity),
 * action and resource (tool and its catalogue entry, canonical arguments), and context (task,
 * history, time).
 *
 * <p>Instances are immutable; the task's history is a thread-safe live view.
 *
 * @param call the raw call
 * @param tool the catalogue entry of the tool
 * @param arguments the canonical arguments
 * @param identity the requesting agent's identity
 * @param task the task
 * @param time the instant of the decision (wall-clock time)
 * @since 0.1.0
 */
public record AuthorizationRequest(
    ToolCall call,
    ToolDescriptor tool,
    CanonicalArguments arguments,
    AgentIdentity identity,
    TaskContext task,
    Instant time) {
  /**
   * Validates a request.
   *
   * @param call the {@code call} component
   * @param tool the {@code tool} component
   * @param arguments the {@code arguments} component
   * @param identity the {@code identity} component
   * @param task the {@code task} component
   * @param time the {@code time} component
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if the identity, task or tool does not match the call
   */
  public AuthorizationRequest {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(time, "time");
    if (!identity.id().equals(call.agent())) {
      throw new IllegalArgumentException(
          "Identity '" + identity.id() + "' does not match the calling agent '" + call.agent() + "'");
    }
    if (!tool.name().equals(call.toolName())) {
      throw new IllegalArgumentException("Tool descriptor '" + tool.name() + "' does not match the call");
    }
  }
}
