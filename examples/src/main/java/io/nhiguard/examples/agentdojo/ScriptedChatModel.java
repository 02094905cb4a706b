package io.nhiguard.examples.agentdojo;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.util.List;
import java.util.Objects;

/**
 * An offline {@link ChatModel} that plays a {@link Scenario}: on each turn it asks for the next
 * call of the scenario (one call per turn, so each call sees the outputs before it), and when
 * every call was made it answers with a final text. The step it is at is derived from the
 * conversation itself (the number of tool results in the request), so the model keeps no state.
 *
 * <p>It does not read the tool results: a refused call is not retried and does not change the
 * plan, exactly as a model that ignores refusals would behave. That makes the replay a worst case
 * for the guard: the attacker's calls are always attempted.
 *
 * <p>Thread-safe if the run is; the model itself keeps no state.
 *
 * @since 0.1.0
 */
public final class ScriptedChatModel implements ChatModel {

  private final Run run;

  /**
   * Creates a model for one run.
   *
   * @param run the run; the model plays its scenario and tells it which step it is at
   * @throws NullPointerException if {@code run} is null
   */
  public ScriptedChatModel(Run run) {
    this.run = Objects.requireNonNull(run, "run");
  }

  /**
   * Answers one turn of the conversation.
   *
   * @param request the conversation so far
   * @return the next tool call, or the final answer once every call of the scenario was made
   */
  @Override
  public ChatResponse doChat(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    int done = 0;
    for (ChatMessage m : messages) {
      if (m instanceof ToolExecutionResultMessage) {
        done++;
      }
    }
    Scenario scenario = run.scenario();
    List<Scenario.Step> steps = scenario.steps();
    if (done < steps.size()) {
      Scenario.Step step = steps.get(done);
      run.moveTo(step.index());
      ToolExecutionRequest call =
          ToolExecutionRequest.builder()
              .id("call-" + step.index())
              .name(step.call().function())
              .arguments(step.call().argumentsJson())
              .build();
      return ChatResponse.builder().aiMessage(AiMessage.from(List.of(call))).finishReason(FinishReason.TOOL_EXECUTION).build();
    }
    return ChatResponse.builder()
        .aiMessage(AiMessage.from("Done with " + scenario.userTask().id() + "."))
        .finishReason(FinishReason.STOP)
        .build();
  }
}
