package io.nhiguard.langchain4j;

import static io.nhiguard.langchain4j.GuardFixture.ALICE;
import static io.nhiguard.langchain4j.GuardFixture.BOB;
import static io.nhiguard.langchain4j.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.service.AiServices;
import io.nhiguard.core.GuardTask;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class ConcurrentGuardingTest {

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the calls did not overlap", e);
    }
  }

  @Test
  void executeToolsConcurrentlyWhenTwoCallsOverlapThenEachHasItsOwnCredential() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      CyclicBarrier bothInside = new CyclicBarrier(2);
      tools.duringBalance = account -> await(bothInside);
      ScriptedChatModel model =
          new ScriptedChatModel(
              List.of(call("c1", "get_balance", "{\"account\":\"A\"}"), call("c2", "get_balance", "{\"account\":\"B\"}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(model)
              .tools(GuardedTools.of(f.guard).wrap(tools))
              .executeToolsConcurrently(pool)
              .build();

      String answer = assistant.chat("balances", GuardContext.of(f.task(ALICE)));

      assertThat(answer).contains("balance of A is 1000").contains("balance of B is 1000");
      assertThat(tools.seen).hasSize(2).allSatisfy(run -> assertThat(run.tokenValid()).isTrue());
      assertThat(tools.seen.get(0).token()).isNotEqualTo(tools.seen.get(1).token());
      assertThat(f.vault.activeLeases()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void chatWhenTwoIdentitiesRunInParallelThenEachCallIsGuardedAsItsOwnAgent() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      CyclicBarrier bothInside = new CyclicBarrier(2);
      tools.duringBalance = account -> await(bothInside);
      ScriptedChatModel model =
          new ScriptedChatModel(
              List.of(
                  call("c1", "get_balance", "{\"account\":\"A\"}"),
                  call("c2", "send_money", "{\"recipient\":\"eve\",\"amount\":900}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();
      GuardTask aliceTask = f.task(ALICE);
      GuardTask bobTask = f.task(BOB);

      CompletableFuture<String> alice = CompletableFuture.supplyAsync(() -> assistant.chat("a", GuardContext.of(aliceTask)), callers);
      CompletableFuture<String> bob = CompletableFuture.supplyAsync(() -> assistant.chat("b", GuardContext.of(bobTask)), callers);

      assertThat(alice.get(60, TimeUnit.SECONDS)).contains("balance of A").contains("send_money[error=true]=The call to tool 'send_money' was not permitted (DEFAULT_DENY");
      assertThat(bob.get(60, TimeUnit.SECONDS)).contains("balance of A").contains("send_money[error=true]=The call to tool 'send_money' was not permitted (DEFAULT_DENY");
      assertThat(tools.seen.stream().map(BankTools.Run::tool).collect(Collectors.toList())).containsExactly("get_balance", "get_balance");
      assertThat(tools.seen.stream().map(BankTools.Run::leaseAgent).collect(Collectors.toSet())).containsExactlyInAnyOrder(ALICE.value(), BOB.value());
      assertThat(f.decisions("get_balance").stream().map(e -> e.agent() + " " + e.taskId()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(ALICE.value() + " " + aliceTask.taskId(), BOB.value() + " " + bobTask.taskId());
    } finally {
      callers.shutdownNow();
    }
  }
}
