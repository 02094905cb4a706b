package io.nhiguard.langchain4j;

import static io.nhiguard.langchain4j.GuardFixture.ALICE;
import static io.nhiguard.langchain4j.GuardFixture.BOB;
import static io.nhiguard.langchain4j.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.nhiguard.api.ActionKind;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.GuardTask;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class ToolProviderAndMcpTest {

  /** A dynamic provider that offers send_money only to alice, and counts how often it is asked. */
  static final class PerAgentProvider implements ToolProvider {
    final AtomicInteger asked = new AtomicInteger();
    private final List<AiServiceTool> all;

    PerAgentProvider(List<AiServiceTool> all) {
      this.all = all;
    }

    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
      asked.incrementAndGet();
      Object agent = request.invocationParameters().get(GuardContext.AGENT);
      ToolProviderResult.Builder b = ToolProviderResult.builder();
      all.stream().filter(t -> ALICE.value().equals(agent) || !t.name().equals("send_money")).forEach(b::add);
      return b.build();
    }

    @Override
    public boolean isDynamic() {
      return true;
    }
  }

  private static List<AiServiceTool> unguarded(BankTools tools) {
    List<AiServiceTool> out = new CopyOnWriteArrayList<>();
    for (java.lang.reflect.Method m : BankTools.class.getDeclaredMethods()) {
      if (m.isAnnotationPresent(dev.langchain4j.agent.tool.Tool.class)) {
        out.add(
            AiServiceTool.builder()
                .toolSpecification(dev.langchain4j.agent.tool.ToolSpecifications.toolSpecificationFrom(m))
                .toolExecutor(
                    dev.langchain4j.service.tool.DefaultToolExecutor.builder()
                        .object(tools)
                        .originalMethod(m)
                        .methodToInvoke(m)
                        .wrapToolArgumentsExceptions(true)
                        .propagateToolExecutionExceptions(true)
                        .build())
                .build());
      }
    }
    return out;
  }

  @Test
  void wrapWhenDynamicProviderThenEveryProvidedToolIsGuardedAtEveryRound() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      PerAgentProvider provider = new PerAgentProvider(unguarded(tools));
      GuardedTools guarded = GuardedTools.of(f.guard);
      ScriptedChatModel model =
          new ScriptedChatModel(
              List.of(call("c1", "send_money", "{\"recipient\":\"bob\",\"amount\":10}")),
              List.of(call("c2", "send_money", "{\"recipient\":\"eve\",\"amount\":10000}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(model)
              .toolProvider(guarded.wrap(provider))
              .hallucinatedToolNameStrategy(guarded.hallucinatedToolNameStrategy())
              .beforeToolExecution(guarded.beforeToolExecution())
              .build();

      String alice = assistant.chat("pay twice", GuardContext.of(f.task(ALICE)));
      String bob = assistant.chat("pay", GuardContext.of(f.task(BOB)));

      assertThat(guarded.wrap(provider).isDynamic()).isTrue();
      assertThat(provider.asked.get()).as("asked before every model call").isEqualTo(6);
      assertThat(alice).isEqualTo(
          "FINAL: send_money[error=false]=sent 10 to bob | send_money[error=true]=The call to tool 'send_money' was not permitted (DEFAULT_DENY, decision "
              + f.decisions("send_money").get(1).decisionId() + "). Do not try to work around this; tell the user what you could not do.");
      assertThat(tools.seen).extracting(BankTools.Run::arguments).containsExactly("recipient=bob,amount=10");
      assertThat(bob).as("hidden from bob: reaches the hallucinated-name strategy, audited as bob").contains("send_money[error=false]=No tool named 'send_money' is available");
      assertThat(f.decisions("send_money").get(2).agent()).isEqualTo(BOB.value());
      assertThat(f.decisions("send_money").get(2).decision()).isEqualTo("PERMIT");
      assertThat(f.vault.leaseCount()).as("a hidden tool is decided, never leased for or run").isEqualTo(1);
    }
  }

  @Test
  void wrapWhenStaticProviderThenToolsAreGuarded() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      List<AiServiceTool> all = unguarded(tools);
      ToolProvider provider = request -> new ToolProviderResult(all);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "send_money", "{\"recipient\":\"eve\",\"amount\":10000}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).toolProvider(GuardedTools.of(f.guard).wrap(provider)).build();

      assistant.chat("pay", GuardContext.of(f.task(ALICE)));

      assertThat(tools.runs).hasValue(0);
      assertThat(model.lastResults().get(0).isError()).isTrue();
    }
  }

  @Test
  void wrapWhenProviderCollidesWithWrappedToolThenInvocationFails() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      GuardedTools guarded = GuardedTools.of(f.guard);
      List<AiServiceTool> direct = guarded.wrap(new BankTools(f.vault));
      List<AiServiceTool> other = unguarded(new BankTools(f.vault));
      ToolProvider provider = request -> new ToolProviderResult(other);
      ToolProvider wrapped = guarded.wrap(provider);

      assertThat(direct).hasSize(3);
      assertThatExceptionOfType(IllegalStateException.class)
          .isThrownBy(() -> wrapped.provideTools(ToolProviderRequest.builder().invocationContext(InvocationContext.builder().chatMemoryId("m").build()).userMessage(dev.langchain4j.data.message.UserMessage.from("x")).build()))
          .withMessageContaining("is already registered by")
          .withMessageContaining("(AC-63)");
    }
  }

  // ---------------------------------------------------------------- MCP

  static final ToolSpecification READ_FILE =
      ToolSpecification.builder()
          .name("read_file")
          .description("reads a file")
          .parameters(JsonObjectSchema.builder().addStringProperty("path").required("path").build())
          .build();

  /** An McpClient (a LangChain4j interface) answering list and execute in memory. */
  static McpClient fakeMcpClient(List<String> executed) {
    return (McpClient)
        Proxy.newProxyInstance(
            McpClient.class.getClassLoader(),
            new Class<?>[] {McpClient.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "key":
                  return "fake-mcp";
                case "listTools":
                  return List.of(READ_FILE);
                case "executeTool":
                  ToolExecutionRequest request = (ToolExecutionRequest) args[0];
                  executed.add(request.name() + " " + request.arguments());
                  return ToolExecutionResult.builder().resultText("contents of " + request.arguments()).build();
                case "close":
                  return null;
                case "toString":
                  return "FakeMcpClient";
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  private static FakePolicy mcpPolicy() {
    return GuardFixture.bankPolicy()
        .tool(new ToolDescriptor("read_file", ActionKind.READ, "files", java.util.Map.of("path", io.nhiguard.api.ArgumentRole.PATH), java.util.Map.of("path", io.nhiguard.api.ArgumentType.STRING), false, java.util.Set.of(), io.nhiguard.api.DataSensitivity.INTERNAL, false))
        .permitIf("read_file", r -> r.arguments().text("path").map(p -> p.startsWith("/srv/public/")).orElse(false));
  }

  @Test
  void mcpToolWrapperWhenDeniedThenMcpServerNeverSeesTheCall() {
    try (GuardFixture f = new GuardFixture(mcpPolicy())) {
      List<String> executed = new CopyOnWriteArrayList<>();
      GuardedTools guarded = GuardedTools.of(f.guard);
      McpToolProvider mcp = McpToolProvider.builder().mcpClients(fakeMcpClient(executed)).toolWrapper(guarded.mcpToolWrapper()).build();
      ScriptedChatModel model =
          new ScriptedChatModel(
              List.of(
                  call("m1", "read_file", "{ \"path\" : \"/srv/public/a.txt\" }"),
                  call("m2", "read_file", "{\"path\":\"/etc/shadow\"}")));
      Assistants.Assistant assistant = AiServices.builder(Assistants.Assistant.class).chatModel(model).toolProvider(mcp).build();
      GuardTask task = f.task(ALICE);

      String answer = assistant.chat("read", GuardContext.of(task));

      assertThat(executed).as("the server gets the canonical arguments of the permitted call only").containsExactly("read_file {\"path\":\"/srv/public/a.txt\"}");
      assertThat(answer).contains("read_file[error=false]=contents of").contains("read_file[error=true]=The call to tool 'read_file' was not permitted (DEFAULT_DENY");
    }
  }

  @Test
  void wrapWhenMcpToolProviderThenSchemaIsCheckedToo() {
    try (GuardFixture f = new GuardFixture(mcpPolicy())) {
      List<String> executed = new CopyOnWriteArrayList<>();
      McpToolProvider mcp = McpToolProvider.builder().mcpClients(fakeMcpClient(executed)).build();
      ScriptedChatModel model =
          new ScriptedChatModel(
              List.of(
                  call("m1", "read_file", "{\"path\":\"/srv/public/a.txt\",\"mode\":\"w\"}"),
                  call("m2", "read_file", "{\"path\":\"/srv/public/b.txt\"}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).toolProvider(GuardedTools.of(f.guard).wrap(mcp)).build();

      String answer = assistant.chat("read", GuardContext.of(f.task(ALICE)));

      assertThat(executed).containsExactly("read_file {\"path\":\"/srv/public/b.txt\"}");
      assertThat(answer).contains("read_file[error=true]=The call to tool 'read_file' was not permitted (MALFORMED_ARGUMENTS");
      assertThat(f.decisions("read_file").get(0).details()).containsEntry("problem", "unknown argument(s) ['mode']; the schema allows only [path]");
    }
  }
}
