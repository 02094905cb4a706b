package io.nhiguard.langchain4j;

import static io.nhiguard.langchain4j.GuardFixture.ALICE;
import static io.nhiguard.langchain4j.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecution;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class StreamingGuardingTest {

  private static String stream(Assistants.StreamingAssistant assistant, String message, dev.langchain4j.invocation.InvocationParameters p, List<ToolExecution> executed)
      throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    assistant.chat(message, p).onToolExecuted(executed::add).onCompleteResponse(done::complete).onError(done::completeExceptionally).start();
    return done.get(60, TimeUnit.SECONDS).aiMessage().text();
  }

  @Test
  void streamingWhenOneCallPermittedAndOneDeniedThenOnlyThePermittedRuns() throws Exception {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      ScriptedStreamingChatModel model =
          new ScriptedStreamingChatModel(
              List.of(
                  call("c1", "send_money", "{\"recipient\":\"bob\",\"amount\":10}"),
                  call("c2", "send_money", "{\"recipient\":\"eve\",\"amount\":9999}")));
      Assistants.StreamingAssistant assistant =
          AiServices.builder(Assistants.StreamingAssistant.class).streamingChatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();
      List<ToolExecution> executed = new CopyOnWriteArrayList<>();

      String answer = stream(assistant, "pay", GuardContext.of(f.task(ALICE)), executed);

      assertThat(answer).startsWith("FINAL: send_money[error=false]=sent 10 to bob | send_money[error=true]=The call to tool 'send_money' was not permitted (DEFAULT_DENY");
      assertThat(tools.seen).extracting(BankTools.Run::arguments).containsExactly("recipient=bob,amount=10");
      assertThat(tools.seen.get(0).tokenValid()).isTrue();
      assertThat(executed).hasSize(2);
      List<ToolExecutionResultMessage> results = ScriptedChatModel.results(model.requests.get(1).messages());
      assertThat(results).extracting(ToolExecutionResultMessage::isError).containsExactly(false, true);
    }
  }

  @Test
  void streamingWithConcurrentToolsWhenNoIdentityThenNothingRuns() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      ScriptedStreamingChatModel model =
          new ScriptedStreamingChatModel(
              List.of(call("c1", "get_balance", "{\"account\":\"A\"}"), call("c2", "get_balance", "{\"account\":\"B\"}")));
      Assistants.StreamingAssistant assistant =
          AiServices.builder(Assistants.StreamingAssistant.class)
              .streamingChatModel(model)
              .tools(GuardedTools.of(f.guard).wrap(tools))
              .executeToolsConcurrently(pool)
              .build();

      String answer = stream(assistant, "balances", new dev.langchain4j.invocation.InvocationParameters(), new CopyOnWriteArrayList<>());

      assertThat(tools.runs).hasValue(0);
      assertThat(answer).contains("(UNKNOWN_IDENTITY, ");
    } finally {
      pool.shutdownNow();
    }
  }
}
