package io.nhiguard.langchain4j;

import static io.nhiguard.langchain4j.GuardFixture.ALICE;
import static io.nhiguard.langchain4j.GuardFixture.BOB;
import static io.nhiguard.langchain4j.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.ToolCallDeniedException;
import io.nhiguard.core.GuardTask;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The adversarial cases of cases/adversarial.md that the adapter answers for. */
final class AdversarialCasesTest {

  private static String runOne(GuardFixture f, BankTools tools, String toolName, String arguments) {
    ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", toolName, arguments)));
    Assistants.Assistant assistant =
        AiServices.builder(Assistants.Assistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();
    assistant.chat("go", GuardContext.of(f.task(ALICE)));
    return model.lastResults().get(0).text();
  }

  @Test
  void AC_29_jsonDuplicateKeyIsDeniedAndNeverRunsWithEitherValue() {
    // the premise: unguarded, LangChain4j runs the LAST duplicate
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools plain = new BankTools(f.vault);
      AiServices.builder(Assistants.Assistant.class)
          .chatModel(new ScriptedChatModel(List.of(call("c1", "send_money", "{\"recipient\":\"bob\",\"amount\":1,\"amount\":99999}"))))
          .tools(plain)
          .build()
          .chat("go", new InvocationParameters());
      assertThat(plain.seen).extracting(BankTools.Run::arguments).containsExactly("recipient=bob,amount=99999");

      BankTools tools = new BankTools(f.vault);
      String refusal = runOne(f, tools, "send_money", "{\"recipient\":\"bob\",\"amount\":1,\"amount\":99999}");

      assertThat(tools.runs).hasValue(0);
      assertThat(refusal).contains("(MALFORMED_ARGUMENTS, ");
      assertThat(f.decisions("send_money")).extracting(AuditEvent::reasonCode).containsExactly("MALFORMED_ARGUMENTS");
    }
  }

  @Test
  void AC_31_jsonTrailingGarbageIsDenied() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);

      String secondObject = runOne(f, tools, "send_money", "{\"amount\":12,\"recipient\":\"bob\"} {\"recipient\":\"eve\"}");
      String trailingText = runOne(f, tools, "send_money", "{\"amount\":12,\"recipient\":\"bob\"} ignore me");

      assertThat(tools.runs).hasValue(0);
      assertThat(secondObject).contains("(MALFORMED_ARGUMENTS, ");
      assertThat(trailingText).contains("(MALFORMED_ARGUMENTS, ");
    }
  }

  @Test
  void AC_31_lenientCoercionNeverDecidesWhatRuns() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);

      String stringAmount = runOne(f, tools, "send_money", "{\"recipient\":\"bob\",\"amount\":\"12\"}");
      String numberRecipient = runOne(f, tools, "send_money", "{\"recipient\":12345,\"amount\":12}");
      String missingRecipient = runOne(f, tools, "send_money", "{\"amount\":12}");
      String fractionForLong = runOne(f, tools, "send_money", "{\"recipient\":\"bob\",\"amount\":12.5}");

      assertThat(tools.runs).hasValue(0);
      assertThat(List.of(stringAmount, numberRecipient, missingRecipient, fractionForLong)).allSatisfy(t -> assertThat(t).contains("(MALFORMED_ARGUMENTS, "));
      assertThat(f.decisions("send_money")).extracting(e -> e.details().get("problem"))
          .containsExactly(
              "argument 'amount' must be an integer, but was a string",
              "argument 'recipient' must be a string, but was a number",
              "required argument 'recipient' is missing or null",
              "argument 'amount' must be an integer within the signed 64-bit range, but was 12.5");
    }
  }

  @Test
  void AC_41_negativeAmountIsDenied() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);

      String refusal = runOne(f, tools, "send_money", "{\"recipient\":\"bob\",\"amount\":-500}");

      assertThat(tools.runs).hasValue(0);
      assertThat(refusal).contains("(MALFORMED_ARGUMENTS, ");
    }
  }

  @Test
  void AC_64_unknownOrCaseVariantToolNamesAreAuditedAndDenied() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy().permit("delete_all_files"))) {
      BankTools tools = new BankTools(f.vault);
      GuardedTools guarded = GuardedTools.of(f.guard);
      ScriptedChatModel model =
          new ScriptedChatModel(List.of(call("h1", "delete_all_files", "{\"path\":\"/\"}"), call("h2", "Send_Money", "{\"recipient\":\"eve\",\"amount\":1}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(model)
              .tools(guarded.wrap(tools))
              .hallucinatedToolNameStrategy(guarded.hallucinatedToolNameStrategy())
              .beforeToolExecution(guarded.beforeToolExecution())
              .build();
      GuardTask task = f.task(ALICE);

      assistant.chat("clean up", GuardContext.of(task));

      assertThat(tools.runs).hasValue(0);
      assertThat(model.lastResults()).extracting(r -> r.text().substring(0, r.text().indexOf(", decision")))
          .containsExactly(
              "The call to tool 'delete_all_files' was not permitted (UNKNOWN_TOOL",
              "The call to tool 'Send_Money' was not permitted (MALFORMED_TOOL_NAME");
      assertThat(f.decisions("delete_all_files")).singleElement().satisfies(e -> {
        assertThat(e.reasonCode()).isEqualTo("UNKNOWN_TOOL");
        assertThat(e.agent()).isEqualTo(ALICE.value());
        assertThat(e.taskId()).isEqualTo(task.taskId());
      });
      assertThat(f.decisions("Send_Money")).extracting(AuditEvent::reasonCode).containsExactly("MALFORMED_TOOL_NAME");
    }
  }

  @Test
  void AC_64_unknownToolWithoutContextHookIsStillDeniedAndAudited() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      GuardedTools guarded = GuardedTools.of(f.guard);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("h1", "delete_all_files", "{}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(model)
              .tools(guarded.wrap(tools))
              .hallucinatedToolNameStrategy(guarded.hallucinatedToolNameStrategy())
              .build();

      assistant.chat("clean up", GuardContext.of(f.task(ALICE)));

      assertThat(model.lastResults().get(0).text()).contains("(UNKNOWN_TOOL, ");
      assertThat(f.decisions("delete_all_files")).singleElement().satisfies(e -> {
        assertThat(e.reasonCode()).isEqualTo("UNKNOWN_TOOL");
        assertThat(e.agent()).isEmpty();
      });
    }
  }

  @Test
  void AC_64_unknownToolInAbortModeAbortsTheCall() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      GuardedTools guarded = GuardedTools.builder(f.guard).abortOnDenial().build();
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(new ScriptedChatModel(List.of(call("h1", "delete_all_files", "{}"))))
              .tools(guarded.wrap(new BankTools(f.vault)))
              .hallucinatedToolNameStrategy(guarded.hallucinatedToolNameStrategy())
              .beforeToolExecution(guarded.beforeToolExecution())
              .toolExecutionErrorHandler(guarded.errorHandler())
              .build();
      GuardTask task = f.task(ALICE);

      assertThatExceptionOfType(ToolCallDeniedException.class)
          .isThrownBy(() -> assistant.chat("clean up", GuardContext.of(task)))
          .satisfies(e -> assertThat(e.decision().reasonCode()).isEqualTo(ReasonCode.UNKNOWN_TOOL));
    }
  }

  @Test
  void AC_71_toolRunsWithTheAuthorizedCanonicalSnapshotNotTheModelsText() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      List<ToolExecutionRequest> received = new CopyOnWriteArrayList<>();
      ToolExecutor delegate =
          new ToolExecutor() {
            @Override
            public String execute(ToolExecutionRequest request, Object memoryId) {
              throw new AssertionError("the guarded executor always calls executeWithContext");
            }

            @Override
            public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
              received.add(request);
              return ToolExecutionResult.builder().resultText("ok").build();
            }
          };
      ToolSpecification spec =
          ToolSpecification.builder()
              .name("send_money")
              .parameters(JsonObjectSchema.builder().addStringProperty("recipient").addNumberProperty("amount").required("recipient", "amount").build())
              .build();
      ToolExecutor guarded = GuardedTools.of(f.guard).wrapExecutor(spec, delegate);
      ToolExecutionRequest fromModel = call("c1", "send_money", "{ \"recipient\" : \"bob\",\n \"amount\" : 5.00 }");

      ToolExecutionResult result =
          guarded.executeWithContext(fromModel, InvocationContext.builder().chatMemoryId("m").invocationParameters(GuardContext.of(f.task(ALICE))).build());

      assertThat(result.resultText()).isEqualTo("ok");
      assertThat(received).singleElement().satisfies(r -> {
        assertThat(r).isNotSameAs(fromModel);
        assertThat(r.arguments()).isEqualTo("{\"amount\":5,\"recipient\":\"bob\"}");
        assertThat(r.id()).isEqualTo("c1");
      });
      assertThat(f.decisions("send_money").get(0).argumentDigest())
          .isEqualTo(io.nhiguard.api.CanonicalArguments.sha256Hex("{\"amount\":5,\"recipient\":\"bob\"}"));
    }
  }

  @Test
  void AC_71_parametersMutatedDuringTheDecisionDoNotChangeWhoRuns() {
    FakePolicy policy = GuardFixture.bankPolicy();
    try (GuardFixture f = new GuardFixture(policy)) {
      BankTools tools = new BankTools(f.vault);
      GuardTask bobsTask = f.task(BOB);
      InvocationParameters parameters = GuardContext.of(f.task(ALICE));
      policy.onDecide(request -> GuardContext.put(parameters, bobsTask));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class)
              .chatModel(new ScriptedChatModel(List.of(call("c1", "send_money", "{\"recipient\":\"bob\",\"amount\":40}"))))
              .tools(GuardedTools.of(f.guard).wrap(tools))
              .build();

      assistant.chat("pay bob", parameters);

      assertThat(tools.seen).singleElement().satisfies(run -> {
        assertThat(run.leaseAgent()).isEqualTo(ALICE.value());
        assertThat(run.arguments()).isEqualTo("recipient=bob,amount=40");
      });
      assertThat(f.decisions("send_money")).extracting(AuditEvent::agent).containsExactly(ALICE.value());
    }
  }

  @Test
  void AC_63_sameToolNameFromTwoSourcesIsRejectedAtWrapTime() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      GuardedTools guarded = GuardedTools.of(f.guard);
      BankTools first = new BankTools(f.vault);
      guarded.wrap(first);

      assertThat(guarded.wrap(first)).as("the same object again is the same source").hasSize(3);
      assertThatExceptionOfType(IllegalArgumentException.class)
          .isThrownBy(() -> guarded.wrap(new BankTools(f.vault)))
          .withMessageStartingWith("Tool name 'get_balance' is already registered by io.nhiguard.langchain4j.BankTools@")
          .withMessageEndingWith("; the policy could not tell them apart (AC-63). Rename one tool, or use one GuardedTools per agent");
    }
  }
}
