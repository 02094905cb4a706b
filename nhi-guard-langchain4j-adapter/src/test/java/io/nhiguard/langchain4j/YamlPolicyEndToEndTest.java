package io.nhiguard.langchain4j;

import static io.nhiguard.langchain4j.GuardFixture.ALICE;
import static io.nhiguard.langchain4j.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.service.AiServices;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.core.GuardTask;
import io.nhiguard.core.policy.Policies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adapter with a policy in the built-in YAML language: an indirect prompt injection through an e-mail. */
final class YamlPolicyEndToEndTest {

  static final String POLICY =
      String.join(
          "\n",
          "policy: bank-adapter",
          "version: 1",
          "tools:",
          "  get_balance: { action: read, destination: bank, args: { account: { type: string } } }",
          "  send_money:",
          "    action: payment",
          "    destination: bank",
          "    args: { recipient: recipient, amount: amount }",
          "  read_inbox: { action: read, destination: mail, output: untrusted }",
          "rules:",
          "  - id: lookups",
          "    effect: permit",
          "    tools: [get_balance, read_inbox]",
          "  - id: pay-known-recipients",
          "    effect: permit",
          "    tools: [send_money]",
          "    when:",
          "      - { arg: recipient, in: task.intent.recipients }",
          "      - { arg: amount, between: [0.01, 100] }",
          "    obligations: { credentialTtl: PT1M }",
          "  - id: big-payments-need-owner",
          "    effect: escalate",
          "    tools: [send_money]",
          "    approver: owner",
          "    when:",
          "      - { arg: recipient, in: task.intent.recipients }",
          "      - { arg: amount, between: [100.01, 100000] }",
          "");

  private static GuardTask payRentToBob(GuardFixture f) {
    return f.task(
        ALICE,
        TaskIntent.builder("pay rent").userRequest("pay my rent to bob").parameter("recipients", List.of("bob")).build());
  }

  @Test
  void chatWhenInjectedInstructionAsksToPayAttackerThenOnlyTheIntendedPaymentRuns() {
    try (GuardFixture f = new GuardFixture(Policies.fromYaml("bank-adapter.yaml", POLICY))) {
      BankTools tools = new BankTools(f.vault);
      ScriptedChatModel model =
          new ScriptedChatModel(
              List.of(call("c1", "read_inbox", "{}")),
              List.of(
                  call("c2", "send_money", "{\"recipient\":\"US133000000121212121212\",\"amount\":5}"),
                  call("c3", "send_money", "{\"recipient\":\"bob\",\"amount\":40}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();
      GuardTask task = payRentToBob(f);

      String answer = assistant.chat("pay my rent to bob", GuardContext.of(task));

      assertThat(tools.seen).extracting(BankTools.Run::tool, BankTools.Run::arguments)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("read_inbox", ""), org.assertj.core.groups.Tuple.tuple("send_money", "recipient=bob,amount=40"));
      assertThat(tools.seen.get(1).tokenValid()).isTrue();
      assertThat(answer).contains("send_money[error=true]=The call to tool 'send_money' was not permitted (DEFAULT_DENY").contains("sent 40 to bob");
      assertThat(task.history().untrustedContentSeen()).isTrue();
      assertThat(task.history().provenanceOf("US133000000121212121212")).isEqualTo(Provenance.UNTRUSTED);
      assertThat(f.decisions("send_money")).extracting(AuditEvent::decision).containsExactly("DENY", "PERMIT");
    }
  }

  @Test
  void chatWhenPaymentNeedsOwnerThenModelIsToldItWaitsForApproval() {
    try (GuardFixture f = new GuardFixture(Policies.fromYaml("bank-adapter.yaml", POLICY))) {
      BankTools tools = new BankTools(f.vault);
      ScriptedChatModel model = new ScriptedChatModel(List.of(call("c1", "send_money", "{\"recipient\":\"bob\",\"amount\":500}")));
      Assistants.Assistant assistant =
          AiServices.builder(Assistants.Assistant.class).chatModel(model).tools(GuardedTools.of(f.guard).wrap(tools)).build();

      assistant.chat("pay bob 500", GuardContext.of(payRentToBob(f)));

      assertThat(tools.runs).hasValue(0);
      assertThat(model.lastResults().get(0).text()).contains("(APPROVAL_PENDING, ");
      assertThat(f.approvals.pending()).singleElement().satisfies(r -> assertThat(r.toolName()).isEqualTo("send_money"));
    }
  }
}
