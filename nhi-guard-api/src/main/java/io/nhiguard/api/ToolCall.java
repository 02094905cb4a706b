package io.nhiguard.api;

import java.util.Objects;

/**
 * A request to run a tool, as the policy enforcement point receives it: who asks (the agent and
 * its delegation chain), in which task, for which tool, with which raw JSON arguments.
 *
 * <p>The tool name and arguments are kept raw on purpose: the guard validates them and turns a
 * malformed name or argument document into an audited {@link Decision.Deny}, never into an
 * exception that skips the audit.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param callId an id unique per request (for example the model's tool-call id); non-blank
 * @param agent the principal: the agent that asks
 * @param taskId the task session the call belongs to; non-blank
 * @param toolName the requested tool name, unvalidated
 * @param argumentsJson the raw JSON arguments from the model, unvalidated
 * @since 0.1.0
 */
public record ToolCall(String callId, AgentId agent, String taskId, String toolName, String argumentsJson) {

  /**
   * Validates the presence of every part; content is validated by the guard.
   *
   * @param callId the {@code callId} component
   * @param agent the {@code agent} component
   * @param taskId the {@code taskId} component
   * @param toolName the {@code toolName} component
   * @param argumentsJson the {@code argumentsJson} component
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if {@code callId} or {@code taskId} is blank
   */
  public ToolCall {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
    if (callId.isBlank()) {
      throw new IllegalArgumentException("ToolCall callId must not be blank");
    }
    if (taskId.isBlank()) {
      throw new IllegalArgumentException("ToolCall taskId must not be blank; start a task first");
    }
  }

  /** Returns a rendering without the arguments, which may be sensitive. */
  @Override
  public String toString() {
    return "ToolCall[callId="
        + SafeText.quote(callId)
        + ", agent="
        + agent
        + ", taskId="
        + SafeText.quote(taskId)
        + ", toolName="
        + SafeText.quote(toolName)
        + "]";
  }

}
