package io.nhiguard.langchain4j;

import static io.nhiguard.langchain4j.GuardFixture.ALICE;
import static io.nhiguard.langchain4j.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AgenticWorkflowTest {

  /** The sub-agent: handles one banking request with tools. */
  public interface BankAgent {
    @UserMessage("Handle this banking request: {{request}}")
    @Agent(description = "Handles banking requests", outputKey = "answer")
    String handle(@V("request") String request, InvocationParameters parameters);
  }

  /** The workflow that runs the sub-agent. */
  public interface Workflow {
    @Agent(outputKey = "answer")
    String run(@V("request") String request, InvocationParameters parameters);
  }

  @Test
  void workflowWhenSubAgentCallsToolsThenEachCallIsGuardedWithTheWorkflowsTask() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      GuardedTools guarded = GuardedTools.of(f.guard);
      ScriptedChatModel model =
          new ScriptedChatModel(
              List.of(
                  call("s1", "get_balance", "{\"account\":\"S\"}"),
                  call("s2", "send_money", "{\"recipient\":\"eve\",\"amount\":5000}")));
      BankAgent sub =
          AgenticServices.agentBuilder(BankAgent.class)
              .chatModel(model)
              .toolProvider(guarded.wrap(request -> new ToolProviderResult(guarded.wrap(tools))))
              .hallucinatedToolNameStrategy(guarded.hallucinatedToolNameStrategy())
              .build();
      Workflow workflow = AgenticServices.sequenceBuilder(Workflow.class).subAgents(sub).outputKey("answer").build();

      String answer = workflow.run("check balance and pay eve", GuardContext.of(f.task(ALICE)));

      assertThat(answer).contains("get_balance[error=false]=balance of S is 1000").contains("send_money[error=true]=The call to tool 'send_money' was not permitted (DEFAULT_DENY");
      assertThat(tools.seen).extracting(BankTools.Run::tool).containsExactly("get_balance");
      assertThat(tools.seen.get(0).leaseAgent()).isEqualTo(ALICE.value());
    }
  }

  @Test
  void agentWhenToolsGivenAsMapThenGuardedToo() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      BankTools tools = new BankTools(f.vault);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("a1", "send_money", "{\"recipient\":\"eve\",\"amount\":5000}")));
      BankAgent agent =
          AgenticServices.agentBuilder(BankAgent.class).chatModel(model).tools(GuardedTools.of(f.guard).wrapAsMap(tools)).build();

      String answer = agent.handle("pay eve", GuardContext.of(f.task(ALICE)));

      assertThat(tools.runs).hasValue(0);
      assertThat(answer).contains("(DEFAULT_DENY, ");
    }
  }
}
