package io.nhiguard.langchain4j;

import static io.nhiguard.langchain4j.GuardFixture.ALICE;
import static io.nhiguard.langchain4j.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.nhiguard.api.ActionKind;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.GuardTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** With a policy that permits nothing, no tool registered through GuardedTools ever runs, whatever the path. */
final class EveryToolGuardedTest {

  /** Counts every run of any of its tools. */
  static final class CountingTools {
    final AtomicInteger runs;

    CountingTools(AtomicInteger runs) {
      this.runs = runs;
    }

    @Tool(name = "get_balance", value = "balance")
    String getBalance(String account) {
      runs.incrementAndGet();
      return "1000";
    }

    @Tool(name = "read_inbox", value = "mail")
    String readInbox() {
      runs.incrementAndGet();
      return "mail";
    }
  }

  private static FakePolicy permitsNothing() {
    return new FakePolicy()
        .tool(ToolDescriptor.of("get_balance", ActionKind.READ, "bank"))
        .tool(ToolDescriptor.of("read_inbox", ActionKind.READ, "mail"))
        .tool(ToolDescriptor.of("read_file", ActionKind.READ, "files"));
  }

  private static final List<ToolExecutionRequest> CALLS =
      List.of(call("c1", "get_balance", "{\"account\":\"A\"}"), call("c2", "read_inbox", "{}"), call("c3", "read_file", "{\"path\":\"/x\"}"));

  @Test
  void everyRegistrationPathWhenPolicyPermitsNothingThenNoToolBodyEverRuns() {
    try (GuardFixture f = new GuardFixture(permitsNothing())) {
      AtomicInteger runs = new AtomicInteger();
      List<String> mcpExecuted = new CopyOnWriteArrayList<>();
      GuardTask task = f.task(ALICE);
      List<String> answers = new ArrayList<>();

      // 1. @Tool objects as List<AiServiceTool>
      GuardedTools g1 = GuardedTools.of(f.guard);
      answers.add(assistant(AiServices.builder(Assistants.Assistant.class).tools(g1.wrap(new CountingTools(runs))), g1).chat("1", GuardContext.of(task)));
      // 2. @Tool objects as a map
      GuardedTools g2 = GuardedTools.of(f.guard);
      answers.add(assistant(AiServices.builder(Assistants.Assistant.class).tools(g2.wrapAsMap(new CountingTools(runs))), g2).chat("2", GuardContext.of(task)));
      // 3. already-built tools and single executors
      GuardedTools g3 = GuardedTools.of(f.guard);
      List<AiServiceTool> built = unguardedTools(new CountingTools(runs));
      List<AiServiceTool> wrappedSingles = new ArrayList<>();
      wrappedSingles.add(g3.wrapTools(List.of(built.get(0))).get(0));
      wrappedSingles.add(built.get(1).toBuilder().toolExecutor(g3.wrapExecutor(built.get(1).toolSpecification(), built.get(1).toolExecutor())).build());
      answers.add(assistant(AiServices.builder(Assistants.Assistant.class).tools(wrappedSingles), g3).chat("3", GuardContext.of(task)));
      // 4. a dynamic tool provider
      GuardedTools g4 = GuardedTools.of(f.guard);
      List<AiServiceTool> provided = unguardedTools(new CountingTools(runs));
      dev.langchain4j.service.tool.ToolProvider dynamic =
          new dev.langchain4j.service.tool.ToolProvider() {
            @Override
            public ToolProviderResult provideTools(dev.langchain4j.service.tool.ToolProviderRequest request) {
              return new ToolProviderResult(provided);
            }

            @Override
            public boolean isDynamic() {
              return true;
            }
          };
      answers.add(assistant(AiServices.builder(Assistants.Assistant.class).toolProvider(g4.wrap(dynamic)), g4).chat("4", GuardContext.of(task)));
      // 5. MCP through the tool wrapper, and 6. MCP through a wrapped provider
      GuardedTools g5 = GuardedTools.of(f.guard);
      McpToolProvider viaWrapper =
          McpToolProvider.builder().mcpClients(ToolProviderAndMcpTest.fakeMcpClient(mcpExecuted)).toolWrapper(g5.mcpToolWrapper()).build();
      answers.add(assistant(AiServices.builder(Assistants.Assistant.class).toolProvider(viaWrapper), g5).chat("5", GuardContext.of(task)));
      GuardedTools g6 = GuardedTools.of(f.guard);
      McpToolProvider plainMcp = McpToolProvider.builder().mcpClients(ToolProviderAndMcpTest.fakeMcpClient(mcpExecuted)).build();
      answers.add(assistant(AiServices.builder(Assistants.Assistant.class).toolProvider(g6.wrap(plainMcp)), g6).chat("6", GuardContext.of(task)));

      assertThat(runs).hasValue(0);
      assertThat(mcpExecuted).isEmpty();
      // every call of the three (registered or, for the model, hallucinated) was refused
      assertThat(answers)
          .hasSize(6)
          .allSatisfy(a -> assertThat(a.substring("FINAL: ".length()).split(" \\| ")).hasSize(3).allSatisfy(part -> assertThat(part).contains("was not permitted (")));
    }
  }

  @Test
  void wrappedExecutorsWhenCalledDirectlyThroughEitherEntryThenStillGuarded() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      AtomicInteger runs = new AtomicInteger();
      GuardedTools guarded = GuardedTools.of(f.guard);
      Map<ToolSpecification, ToolExecutor> tools = guarded.wrapAsMap(new CountingTools(runs));
      ToolExecutor balance = tools.entrySet().stream().filter(e -> e.getKey().name().equals("get_balance")).findFirst().orElseThrow().getValue();
      ToolExecutionRequest request = call("d1", "get_balance", "{\"account\":\"A\"}");

      String legacy = balance.execute(request, "memory");
      String noContext = balance.executeWithContext(request, null).resultText();
      String emptyContext = balance.executeWithContext(request, InvocationContext.builder().chatMemoryId("m").build()).resultText();

      assertThat(runs).hasValue(0);
      assertThat(List.of(legacy, noContext, emptyContext)).allSatisfy(t -> assertThat(t).contains("(UNKNOWN_IDENTITY, "));
      String permitted =
          balance.executeWithContext(request, InvocationContext.builder().chatMemoryId("m").invocationParameters(GuardContext.of(f.task(ALICE))).build()).resultText();
      assertThat(permitted).isEqualTo("1000");
      assertThat(runs).hasValue(1);
    }
  }

  private static Assistants.Assistant assistant(AiServices<Assistants.Assistant> builder, GuardedTools guarded) {
    return builder
        .chatModel(new ScriptedChatModel(CALLS))
        .hallucinatedToolNameStrategy(guarded.hallucinatedToolNameStrategy())
        .beforeToolExecution(guarded.beforeToolExecution())
        .build();
  }

  private static List<AiServiceTool> unguardedTools(Object tools) {
    List<AiServiceTool> out = new ArrayList<>();
    for (java.lang.reflect.Method m : tools.getClass().getDeclaredMethods()) {
      if (m.isAnnotationPresent(Tool.class)) {
        out.add(
            AiServiceTool.builder()
                .toolSpecification(ToolSpecifications.toolSpecificationFrom(m))
                .toolExecutor(new dev.langchain4j.service.tool.DefaultToolExecutor(tools, m))
                .build());
      }
    }
    out.sort(java.util.Comparator.comparing(AiServiceTool::name));
    return out;
  }
}
