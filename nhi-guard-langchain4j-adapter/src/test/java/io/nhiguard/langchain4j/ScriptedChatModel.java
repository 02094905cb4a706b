package io.nhiguard.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * An offline chat model that follows a script: round k after the user's message emits the k-th
 * list of tool calls; after the last round it answers with every tool result it received. Stateless
 * per conversation, so concurrent AI-service calls each follow the script.
 */
final class ScriptedChatModel implements ChatModel {
  final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final List<List<ToolExecutionRequest>> rounds;

  ScriptedChatModel(List<ToolExecutionRequest> round) {
    this.rounds = List.of(round);
  }

  ScriptedChatModel(List<ToolExecutionRequest> first, List<ToolExecutionRequest> second) {
    this.rounds = List.of(first, second);
  }

  static ToolExecutionRequest call(String id, String name, String arguments) {
    return ToolExecutionRequest.builder().id(id).name(name).arguments(arguments).build();
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    return respond(request.messages(), rounds);
  }

  static ChatResponse respond(List<ChatMessage> messages, List<List<ToolExecutionRequest>> rounds) {
    int round = 0;
    for (int i = lastUser(messages) + 1; i < messages.size(); i++) {
      if (messages.get(i) instanceof AiMessage) {
        round++;
      }
    }
    if (round < rounds.size()) {
      return ChatResponse.builder().aiMessage(AiMessage.from(rounds.get(round))).finishReason(FinishReason.TOOL_EXECUTION).build();
    }
    return ChatResponse.builder().aiMessage(AiMessage.from("FINAL: " + toolResults(messages))).finishReason(FinishReason.STOP).build();
  }

  private static int lastUser(List<ChatMessage> messages) {
    int last = 0;
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) instanceof UserMessage) {
        last = i;
      }
    }
    return last;
  }

  /** The tool results of the current turn, as the model received them. */
  static List<ToolExecutionResultMessage> results(List<ChatMessage> messages) {
    List<ToolExecutionResultMessage> out = new ArrayList<>();
    for (int i = lastUser(messages) + 1; i < messages.size(); i++) {
      if (messages.get(i) instanceof ToolExecutionResultMessage) {
        out.add((ToolExecutionResultMessage) messages.get(i));
      }
    }
    return out;
  }

  /** Every tool result the model received in its last request. */
  List<ToolExecutionResultMessage> lastResults() {
    return results(requests.get(requests.size() - 1).messages());
  }

  private static String toolResults(List<ChatMessage> messages) {
    return results(messages).stream()
        .map(t -> t.toolName() + "[error=" + t.isError() + "]=" + t.text())
        .collect(Collectors.joining(" | "));
  }
}
