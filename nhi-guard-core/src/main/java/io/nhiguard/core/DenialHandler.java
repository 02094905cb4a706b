package io.nhiguard.core;

import io.nhiguard.api.Decision;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolCallDeniedException;
import io.nhiguard.api.ToolResult;
import java.util.Locale;
import java.util.Objects;

/**
 * What the guard does with a call it will not run: throw, or hand the model a refusal it can read.
 * A strategy, in the manner of Spring Security's {@code MethodAuthorizationDeniedHandler}.
 *
 * <p>Implementations must be thread-safe. Whatever they return, the call never runs; returning
 * {@code null} is treated as a refusal.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DenialHandler {

  /**
   * Handles a call that may not run.
   *
   * @param call the call
   * @param decision the denial or escalation (never a permit)
   * @return the result the caller receives instead of the tool's
   * @throws ToolCallDeniedException to abort instead
   */
  ToolResult onDenied(ToolCall call, Decision decision);

  /**
   * Throws {@link ToolCallDeniedException} carrying the decision (the default).
   *
   * @return the handler
   */
  static DenialHandler throwing() {
    return (call, decision) -> {
      throw new ToolCallDeniedException(decision);
    };
  }

  /**
   * Returns an error result with a short refusal the model can act on: the tool, the reason code
   * and the decision id, without rule ids, policy text or argument values.
   *
   * @return the handler
   */
  static DenialHandler refusal() {
    return (call, decision) -> ToolResult.error(refusalText(call, decision));
  }

  /**
   * Renders the refusal text {@link #refusal()} returns.
   *
   * @param call the call
   * @param decision the decision
   * @return the text
   * @throws NullPointerException if an argument is null
   */
  static String refusalText(ToolCall call, Decision decision) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(decision, "decision");
    String hint;
    switch (decision.reasonCode()) {
      case APPROVAL_PENDING:
        hint = "It is waiting for a human approval; do not retry with other arguments. Tell the user it needs approval.";
        break;
      case MALFORMED_ARGUMENTS:
        hint = "The arguments were not valid strict JSON of the declared types; fix them and retry.";
        break;
      case UNKNOWN_TOOL:
      case MALFORMED_TOOL_NAME:
        hint = "No such tool is available; use only the tools you were given.";
        break;
      default:
        hint = "Do not try to work around this; tell the user what you could not do.";
    }
    return String.format(
        Locale.ROOT,
        "The call to tool '%s' was not permitted (%s, decision %s). %s",
        SafeText.quote(call.toolName()),
        decision.reasonCode(),
        decision.decisionId(),
        hint);
  }
}
