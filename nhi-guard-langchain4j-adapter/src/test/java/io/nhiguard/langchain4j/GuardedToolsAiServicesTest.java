package io.nhiguard.langchain4j;

import static io.nhiguard.langchain4j.GuardFixture.ALICE;
import static io.nhiguard.langchain4j.GuardFixture.BOB;
import static io.nhiguard.langchain4j.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import io.nhiguard.api.ApprovalRequest;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.ToolCallDeniedException;
import io.nhiguard.core.GuardTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class GuardedToolsAiServicesTest {

  @Test
  void chatWhenCallPermittedThenToolRunsWithLeasedCredentialRevokedAfterwards() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "send_money", "{\"recipient\":\"bob\",\"amount\":40}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();
      GuardTask task = f.task(ALICE);

      String answer = assistant.chat("pay bob 40", GuardContext.of(task));

      assertThat(answer).isEqualTo("FINAL: send_money[error=false]=sent 40 to bob");
      assertThat(tools.seen).hasSize(1);
      BankTools.Run run = tools.seen.get(0);
      assertThat(run.arguments()).isEqualTo("recipient=bob,amount=40");
      assertThat(run.leaseAgent()).isEqualTo(ALICE.value());
      assertThat(run.audience()).isEqualTo("bank");
      assertThat(run.tokenValid()).as("the credential is valid while the tool runs").isTrue();
      assertThat(f.vault.accepts(run.token(), "bank")).as("and revoked when the call returns").isFalse();
      assertThat(f.decisions("send_money")).extracting(AuditEvent::decision).containsExactly("PERMIT");
      assertThat(f.events())
          .filteredOn(e -> e.type() == AuditEvent.Type.OUTCOME)
          .extracting(AuditEvent::outcome)
          .containsExactly(AuditEvent.Outcome.EXECUTED);
    }
  }

  @Test
  void chatWhenCallDeniedThenToolNeverRunsAndModelReceivesShortRefusal() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "send_money", "{\"recipient\":\"eve\",\"amount\":5000}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();

      assistant.chat("pay eve", GuardContext.of(f.task(ALICE)));

      assertThat(tools.runs).hasValue(0);
      assertThat(f.vault.leaseCount()).isZero();
      ToolExecutionResultMessage result = model.lastResults().get(0);
      assertThat(result.isError()).isTrue();
      String decisionId = f.decisions("send_money").get(0).decisionId();
      assertThat(result.text())
          .isEqualTo(
              "The call to tool 'send_money' was not permitted (DEFAULT_DENY, decision " + decisionId
                  + "). Do not try to work around this; tell the user what you could not do.");
      assertThat(result.text()).doesNotContain("secret-rule-internals", "5000", "eve");
    }
  }

  @Test
  void chatWhenNoInvocationParametersThenDeniedAsUnknownIdentityNeverADefaultIdentity() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "get_balance", "{\"account\":\"A\"}")));
      Assistants.PlainAssistant assistant =
          AiServices.builder(Assistants.PlainAssistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();

      assistant.chat("balance?");

      assertThat(tools.runs).hasValue(0);
      assertThat(model.lastResults().get(0).text()).contains("(UNKNOWN_IDENTITY, decision ");
      AuditEvent denial = f.decisions("get_balance").get(0);
      assertThat(denial.decision()).isEqualTo("DENY");
      assertThat(denial.reasonCode()).isEqualTo("UNKNOWN_IDENTITY");
      assertThat(denial.agent()).isEmpty();
      assertThat(denial.details()).containsEntry("enforcedBy", "nhi-guard-langchain4j-adapter");
    }
  }

  @Test
  void chatWhenParametersMalformedOrForeignThenDenied() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "get_balance", "{\"account\":\"A\"}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();
      GuardTask bobsTask = f.task(BOB);

      assistant.chat("a", InvocationParameters.from(GuardContext.AGENT, "alice"));
      String malformedAgent = model.lastResults().get(0).text();
      assistant.chat("b", InvocationParameters.from(GuardContext.AGENT, ALICE.value()));
      String missingTask = model.lastResults().get(0).text();
      InvocationParameters foreign = new InvocationParameters();
      foreign.put(GuardContext.AGENT, ALICE);
      foreign.put(GuardContext.TASK, bobsTask.taskId());
      assistant.chat("c", foreign);
      String foreignTask = model.lastResults().get(0).text();

      assertThat(tools.runs).hasValue(0);
      assertThat(malformedAgent).contains("(UNKNOWN_IDENTITY, ");
      assertThat(missingTask).contains("(UNKNOWN_TASK, ");
      assertThat(foreignTask).contains("(TASK_AGENT_MISMATCH, ");
    }
  }

  @Test
  void chatWhenAbortOnDenialThenCallFailsWithToolCallDeniedExceptionAndToolNeverRuns() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      GuardedTools guarded = GuardedTools.builder(f.guard).abortOnDenial().build();
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "send_money", "{\"recipient\":\"eve\",\"amount\":5000}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(model)
              .tools(guarded.wrap(tools))
              .toolExecutionErrorHandler(guarded.errorHandler())
              .build();
      GuardTask task = f.task(ALICE);

      assertThatExceptionOfType(ToolCallDeniedException.class)
          .isThrownBy(() -> assistant.chat("pay eve", GuardContext.of(task)))
          .satisfies(e -> assertThat(e.decision().reasonCode()).isEqualTo(ReasonCode.DEFAULT_DENY));
      assertThat(tools.runs).hasValue(0);
      assertThat(model.requests).as("the model never got a second turn").hasSize(1);
    }
  }

  @Test
  void chatWhenAbortOnDenialWithoutIdentityThenCallFailsToo() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      GuardedTools guarded = GuardedTools.builder(f.guard).abortOnDenial().build();
      Assistants.PlainAssistant assistant =
          AiServices.builder(Assistants.PlainAssistant.class)
              .chatModel(new ScriptedChatModel(List.of(call("c1", "get_balance", "{\"account\":\"A\"}"))))
              .tools(guarded.wrap(tools))
              .toolExecutionErrorHandler(guarded.errorHandler())
              .build();

      assertThatExceptionOfType(ToolCallDeniedException.class)
          .isThrownBy(() -> assistant.chat("balance?"))
          .satisfies(e -> assertThat(e.decision().reasonCode()).isEqualTo(ReasonCode.UNKNOWN_IDENTITY));
      assertThat(tools.runs).hasValue(0);
    }
  }

  /** A tool that fails with a message that must not reach the model. */
  static final class FailingTools {
    @Tool(name = "get_balance", value = "fails")
    String getBalance(String account) {
      throw new IllegalStateException("cannot open /etc/bank/secret.key");
    }
  }

  @Test
  void errorHandlerWhenToolFailsThenUserHandlerDecidesAndDenialsStillAbort() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      GuardedTools guarded = GuardedTools.of(f.guard);
      AtomicInteger userHandlerCalls = new AtomicInteger();
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "get_balance", "{\"account\":\"A\"}")));
      Assistants.Assistant withUserHandler =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(model)
              .tools(guarded.wrap(new FailingTools()))
              .toolExecutionErrorHandler(
                  guarded.errorHandler(
                      (error, context) -> {
                        userHandlerCalls.incrementAndGet();
                        return ToolErrorHandlerResult.text("user handler: " + error.getClass().getSimpleName());
                      }))
              .build();

      withUserHandler.chat("balance", GuardContext.of(f.task(ALICE)));

      assertThat(userHandlerCalls).hasValue(1);
      assertThat(model.lastResults().get(0).text()).isEqualTo("user handler: IllegalStateException");
      assertThat(f.events())
          .filteredOn(e -> e.type() == AuditEvent.Type.OUTCOME)
          .extracting(AuditEvent::outcome)
          .containsExactly(AuditEvent.Outcome.FAILED);
    }
  }

  @Test
  void errorHandlerWhenNoUserHandlerThenModelGetsNoExceptionMessage() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      GuardedTools guarded = GuardedTools.builder(f.guard).build();
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "get_balance", "{\"account\":\"A\"}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(model)
              .tools(guarded.wrap(new FailingTools()))
              .toolExecutionErrorHandler(guarded.errorHandler())
              .build();

      assistant.chat("balance", GuardContext.of(f.task(ALICE)));

      assertThat(model.lastResults().get(0).text()).isEqualTo("The tool 'get_balance' failed (IllegalStateException).");
    }
  }

  @Test
  void chatWhenEscalationPendingThenModelIsToldToWaitAndToolNeverRuns() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy().escalate("send_money"), b -> b.escalationPending())) {
      BankTools tools = new BankTools(f.vault);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "send_money", "{\"recipient\":\"bob\",\"amount\":40}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();

      assistant.chat("pay bob", GuardContext.of(f.task(ALICE)));

      assertThat(tools.runs).hasValue(0);
      assertThat(model.lastResults().get(0).text()).contains("(APPROVAL_PENDING, ").contains("waiting for a human approval");
      assertThat(f.approvals.pending()).hasSize(1);
    }
  }

  @Test
  void chatWhenEscalationBlockingAndOwnerApprovesThenToolRunsOnce() throws Exception {
    try (GuardFixture f =
        new GuardFixture(GuardFixture.bankPolicy().escalate("send_money"), b -> b.escalationBlocking(Duration.ofSeconds(30)))) {
      BankTools tools = new BankTools(f.vault);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "send_money", "{\"recipient\":\"bob\",\"amount\":40}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();
      GuardTask task = f.task(ALICE);
      CompletableFuture<Void> owner =
          CompletableFuture.runAsync(
              () -> {
                try {
                  ApprovalRequest request = f.submitted.poll(30, TimeUnit.SECONDS);
                  assertThat(tools.runs).as("nothing runs before the approval").hasValue(0);
                  f.approvals.approve(request.requestId(), request.approver());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });

      String answer = assistant.chat("pay bob", GuardContext.of(task));
      owner.get(30, TimeUnit.SECONDS);

      assertThat(answer).isEqualTo("FINAL: send_money[error=false]=sent 40 to bob");
      assertThat(tools.runs).hasValue(1);
      assertThat(tools.seen.get(0).tokenValid()).isTrue();
    }
  }

  @Test
  void chatWhenToolOutputUntrustedThenTaskHistoryRecordsIt() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(new ScriptedChatModel(List.of(call("c1", "read_inbox", "{}"))))
              .tools(GuardedTools.of(f.guard).wrap(tools))
              .build();
      GuardTask task = f.task(ALICE);

      assistant.chat("read my mail", GuardContext.of(task));

      assertThat(task.history().untrustedContentSeen()).isTrue();
      assertThat(task.history().provenanceOf("US133000000121212121212")).isEqualTo(Provenance.UNTRUSTED);
      assertThat(task.history().toolsUsed()).containsExactly("read_inbox");
    }
  }

  @Test
  void chatWhenArgumentsEmptyTextThenTreatedAsEmptyObject() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(new ScriptedChatModel(List.of(call("c1", "read_inbox", ""))))
              .tools(GuardedTools.of(f.guard).wrap(tools))
              .build();

      assistant.chat("read my mail", GuardContext.of(f.task(ALICE)));

      assertThat(tools.runs).hasValue(1);
    }
  }
}
