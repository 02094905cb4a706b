package io.nhiguard.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ReadmeExampleTest {

  /** Asks for one payment, then answers with what the tool (or the guard) said. */
  private static ChatModel payOnce(String recipient, double amount) {
    return new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        if (last instanceof ToolExecutionResultMessage) {
          return ChatResponse.builder().aiMessage(AiMessage.from(((ToolExecutionResultMessage) last).text())).build();
        }
        ToolExecutionRequest call =
            ToolExecutionRequest.builder()
                .id("call-1")
                .name("send_money")
                .arguments("{\"recipient\":\"" + recipient + "\",\"amount\":" + amount + ",\"subject\":\"rent\",\"date\":\"2026-12-01\"}")
                .build();
        return ChatResponse.builder().aiMessage(AiMessage.from(List.of(call))).build();
      }
    };
  }

  @Test
  void runWhenRecipientIsInTheUsersRequestThenThePaymentRuns() {
    String answer = ReadmeExample.run(payOnce("GB29NWBK60161331926819", 12.5), "Please pay 12.50 rent to GB29NWBK60161331926819");
    assertThat(answer).isEqualTo("sent 12.5 to GB29NWBK60161331926819");
  }

  @Test
  void runWhenRecipientCameFromNowhereThenThePaymentWaitsForTheOwner() {
    String answer = ReadmeExample.run(payOnce("XX00NOT0IN0CONTEXT", 12.5), "Please pay my rent");
    assertThat(answer).contains("send_money").contains("APPROVAL_PENDING").doesNotContain("sent");
  }

  @Test
  void readmeWhenRenderedThenShowsTheCompiledSnippetAndPolicy() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    String source =
        Files.readString(Path.of("src/main/java/io/nhiguard/examples/readme/ReadmeExample.java"), StandardCharsets.UTF_8);
    String snippet = source.substring(source.indexOf("// README:start\n") + 16, source.indexOf("    // README:end"));
    for (String line : snippet.split("\n")) {
      assertThat(readme).as("README shows the compiled snippet line").contains(line.substring(Math.min(4, line.length())));
    }
    String policy = Files.readString(Path.of("src/main/resources/readme/banking.yaml"), StandardCharsets.UTF_8);
    assertThat(readme).contains(policy);
  }
}
