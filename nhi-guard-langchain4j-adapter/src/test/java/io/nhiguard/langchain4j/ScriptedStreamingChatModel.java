package io.nhiguard.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The streaming twin of {@link ScriptedChatModel}: answers on its own thread, as real providers do. */
final class ScriptedStreamingChatModel implements StreamingChatModel {
  final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final List<List<ToolExecutionRequest>> rounds;

  ScriptedStreamingChatModel(List<ToolExecutionRequest> round) {
    this.rounds = List.of(round);
  }

  ScriptedStreamingChatModel(List<ToolExecutionRequest> first, List<ToolExecutionRequest> second) {
    this.rounds = List.of(first, second);
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    requests.add(request);
    Thread thread =
        new Thread(
            () -> {
              try {
                ChatResponse response = ScriptedChatModel.respond(request.messages(), rounds);
                if (response.aiMessage().hasToolExecutionRequests()) {
                  List<ToolExecutionRequest> calls = response.aiMessage().toolExecutionRequests();
                  for (int i = 0; i < calls.size(); i++) {
                    handler.onCompleteToolCall(new CompleteToolCall(i, calls.get(i)));
                  }
                } else {
                  handler.onPartialResponse(response.aiMessage().text());
                }
                handler.onCompleteResponse(response);
              } catch (RuntimeException e) {
                handler.onError(e);
              }
            },
            "scripted-stream");
    thread.start();
  }
}
