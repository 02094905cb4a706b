package io.nhiguard.examples;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolResult;
import io.nhiguard.core.NhiGuard;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Puts LangChain4j tools behind the guard for one task. */
public final class GuardedAgentTools {
  private GuardedAgentTools() {}

  /**
   * Guards the {@code @Tool} methods of objects.
   *
   * @param guard the guard
   * @param agent the agent
   * @param taskId the task
   * @param toolObjects objects with {@code @Tool} methods
   * @return the guarded tools
   */
  public static Map<ToolSpecification, ToolExecutor> of(NhiGuard guard, AgentId agent, String taskId, Object... toolObjects) {
    Map<ToolSpecification, ToolExecutor> tools = new LinkedHashMap<>();
    for (Object o : toolObjects) {
      for (Method m : o.getClass().getDeclaredMethods()) {
        if (m.isAnnotationPresent(Tool.class)) {
          tools.put(
              ToolSpecifications.toolSpecificationFrom(m),
              DefaultToolExecutor.builder().object(o).originalMethod(m).methodToInvoke(m)
                  .wrapToolArgumentsExceptions(true).propagateToolExecutionExceptions(true).build());
        }
      }
    }
    return wrap(guard, agent, taskId, tools);
  }

  /**
   * Guards tools given as specification and executor.
   *
   * @param guard the guard
   * @param agent the agent
   * @param taskId the task
   * @param tools the tools
   * @return the guarded tools
   */
  public static Map<ToolSpecification, ToolExecutor> wrap(
      NhiGuard guard, AgentId agent, String taskId, Map<ToolSpecification, ToolExecutor> tools) {
    Objects.requireNonNull(guard, "guard");
    Map<ToolSpecification, ToolExecutor> out = new LinkedHashMap<>();
    tools.forEach((spec, exec) -> out.put(spec, new ToolExecutor() {
      @Override
      public String execute(ToolExecutionRequest request, Object memoryId) {
        return executeWithContext(request, InvocationContext.builder().chatMemoryId(memoryId).build()).resultText();
      }

      @Override
      public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
        ToolCall call = new ToolCall(request.id(), agent, taskId, request.name(), request.arguments());
        ToolResult r = guard.intercept(call, authorized -> ToolResult.of(exec.executeWithContext(
            ToolExecutionRequest.builder().id(request.id()).name(request.name()).arguments(authorized.arguments().canonicalJson()).build(),
            context).resultText()));
        return ToolExecutionResult.builder().isError(r.isError()).resultText(r.text()).build();
      }
    }));
    return out;
  }
}
