package io.nhiguard.examples.agentdojo;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolResult;
import io.nhiguard.core.NhiGuard;
import java.util.LinkedHashMap;
import java.util.Map;

/** Interim bridge until the adapter module is available. */
final class GuardedExecutors {
  private GuardedExecutors() {}

  static Map<ToolSpecification, ToolExecutor> wrap(NhiGuard guard, AgentId agent, String taskId, Map<ToolSpecification, ToolExecutor> tools) {
    Map<ToolSpecification, ToolExecutor> out = new LinkedHashMap<>();
    tools.forEach((spec, exec) -> out.put(spec, new ToolExecutor() {
      @Override
      public String execute(ToolExecutionRequest request, Object memoryId) {
        return executeWithContext(request, InvocationContext.builder().chatMemoryId(memoryId).build()).resultText();
      }

      @Override
      public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
        ToolCall call = new ToolCall(request.id(), agent, taskId, request.name(), request.arguments());
        ToolResult r = guard.intercept(call, authorized -> ToolResult.of(exec.execute(
            ToolExecutionRequest.builder().id(request.id()).name(request.name()).arguments(authorized.arguments().canonicalJson()).build(),
            context.chatMemoryId())));
        return ToolExecutionResult.builder().isError(r.isError()).resultText(r.text()).build();
      }
    }));
    return out;
  }
}
