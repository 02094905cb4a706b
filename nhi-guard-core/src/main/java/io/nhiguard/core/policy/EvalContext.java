package io.nhiguard.core.policy;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.TaskHistory;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolDescriptor;
import java.util.Map;

/**
 * The inputs of one evaluation, resolved once, and the last error message. Confined to the
 * evaluating thread.
 */
final class EvalContext {
  final AuthorizationRequest request;
  final ToolDescriptor tool;
  final Map<String, Object> args;
  final TaskIntent intent;
  final TaskHistory history;
  String error;
  private Map<String, Object> parsedUrls;

  EvalContext(AuthorizationRequest request, ToolDescriptor tool) {
    this.request = request;
    this.tool = tool;
    this.args = request.arguments().values();
    this.intent = request.task().intent();
    this.history = request.task().history();
  }

  /** Parses a URL once per decision, whatever number of conditions read it. */
  Object parsedUrl(String url) {
    if (parsedUrls == null) {
      parsedUrls = new java.util.HashMap<>(4);
    }
    return parsedUrls.computeIfAbsent(url, UrlHostMatcher::parse);
  }

  /** Records an error and returns {@link Condition#ERROR}. */
  int fail(String message) {
    if (error == null) {
      error = message;
    }
    return Condition.ERROR;
  }
}
