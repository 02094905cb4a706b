package io.nhiguard.examples.readme;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.UserMessage;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Owner;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.core.GuardTask;
import io.nhiguard.core.NhiGuard;
import io.nhiguard.core.policy.Policies;
import io.nhiguard.langchain4j.GuardContext;
import io.nhiguard.langchain4j.GuardedTools;
import java.time.Duration;
import java.time.Instant;

/**
 * The README's "Guard an existing LangChain4j agent" snippet as compiled code: the README shows
 * the lines between the markers.
 */
public final class ReadmeExample {

  /** The agent's AI service. */
  public interface Assistant {
    /**
     * Chats.
     *
     * @param message the user's message
     * @param parameters carries the guard context
     * @return the answer
     */
    String chat(@UserMessage String message, InvocationParameters parameters);
  }

  /** The existing tools. */
  public static final class BankTools {
    /**
     * Returns the balance.
     *
     * @return the balance
     */
    @Tool("Returns the account balance")
    public String get_balance() {
      return "1810.00";
    }

    /**
     * Sends money.
     *
     * @param recipient the IBAN
     * @param amount the amount
     * @param subject the subject
     * @param date the date
     * @return a confirmation
     */
    @Tool("Sends money to a recipient")
    public String send_money(String recipient, double amount, String subject, String date) {
      return "sent " + amount + " to " + recipient;
    }
  }

  private ReadmeExample() {}

  /**
   * Runs the README's snippet.
   *
   * @param model the chat model
   * @param prompt the user's request
   * @return the assistant's answer
   */
  public static String run(ChatModel model, String prompt) {
    Instant now = Instant.now();
    AgentId agentId = AgentId.agent("example.org", "billing");
    // README:start
    NhiGuard guard = NhiGuard.builder().policy(Policies.fromClasspath("readme/banking.yaml")).build();
    guard.identities().register(AgentIdentity.builder(agentId)
        .owner(Owner.of("alice@example.com", "Alice")).purpose("pays the user's bills")
        .state(LifecycleState.ACTIVE).createdAt(now).expiresAt(now.plus(Duration.ofDays(30))).build(), "secops");
    GuardedTools guarded = GuardedTools.of(guard);
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
        .tools(guarded.wrap(new BankTools()))                         // was: .tools(new BankTools())
        .hallucinatedToolNameStrategy(guarded.hallucinatedToolNameStrategy()).build();
    try (GuardTask task = guard.startTask(agentId, "user-42", TaskIntent.builder("pay bills").userRequest(prompt).build(), Duration.ofMinutes(5))) {
      return assistant.chat(prompt, GuardContext.of(task));         // identity and task travel in InvocationParameters
    }                                                                 // closing the task revokes its credentials
    // README:end
  }
}
