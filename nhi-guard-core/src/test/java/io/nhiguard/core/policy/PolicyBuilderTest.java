package io.nhiguard.core.policy;

import static io.nhiguard.core.policy.Fixtures.call;
import static io.nhiguard.core.policy.Fixtures.decide;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.api.spi.RuleLanguage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class PolicyBuilderTest {

  private static final ToolDescriptor SEND_MONEY = new ToolDescriptor("send_money", ActionKind.PAYMENT, "bank",
      Map.of("recipient", ArgumentRole.RECIPIENT, "amount", ArgumentRole.AMOUNT),
      Map.of("recipient", ArgumentType.ANY, "amount", ArgumentType.NUMBER), false, Set.of(),
      DataSensitivity.INTERNAL, true);
  private static final ToolDescriptor GET_BALANCE = new ToolDescriptor("get_balance", ActionKind.READ, "bank",
      Map.of(), Map.of(), false, Set.of(), DataSensitivity.INTERNAL, false);

  private static PolicyBuilder banking() {
    return PolicyBuilder.policy("banking-java").version("1")
        .tool(SEND_MONEY).tool(GET_BALANCE)
        .permit("lookups").tools("get_balance")
        .permit("pay-known").tools("send_money")
            .when(Conditions.arg("recipient").inIntent("recipients"),
                Conditions.arg("amount").between(new BigDecimal("0.01"), new BigDecimal("2000")))
            .credentialTtl(Duration.ofMinutes(1))
        .forbid("no-pay-after-untrusted").tools("send_money").when(Conditions.untrustedContentSeen())
        .escalate("big").tools("send_money").approver("owner")
            .when(Conditions.arg("amount").between(new BigDecimal("1000"), new BigDecimal("1000000")))
        .and();
  }

  private static final String SAME_IN_YAML = String.join("\n",
      "policy: banking-java",
      "version: '1'",
      "tools:",
      "  send_money: { action: payment, destination: bank, args: { recipient: { role: recipient, type: any },"
          + " amount: amount } }",
      "  get_balance: { action: read, destination: bank, credential: false }",
      "rules:",
      "  - { id: lookups, effect: permit, tools: [get_balance] }",
      "  - id: pay-known",
      "    effect: permit",
      "    tools: [send_money]",
      "    when: [ { arg: recipient, in: task.intent.recipients }, { arg: amount, between: [0.01, 2000] } ]",
      "    obligations: { credentialTtl: PT1M }",
      "  - { id: no-pay-after-untrusted, effect: forbid, tools: [send_money], when: [ { session: untrustedContentSeen } ] }",
      "  - id: big",
      "    effect: escalate",
      "    tools: [send_money]",
      "    approver: owner",
      "    when: [ { arg: amount, between: [1000, 1000000] } ]",
      "");

  @Test
  void buildWhenSamePolicyAsYamlThenSameDocumentDigestAndDecisions() {
    CompiledPolicy java = banking().build();
    CompiledPolicy yaml = YamlPolicyLanguage.ofDefaults().compile("bank.yaml", SAME_IN_YAML);
    assertThat(java.document()).isEqualTo(yaml.document());
    assertThat(java.versionDigest()).isEqualTo(yaml.versionDigest());
    for (String json : List.of("{\"recipient\":\"alice\",\"amount\":10}", "{\"recipient\":\"eve\",\"amount\":10}",
        "{\"recipient\":\"alice\",\"amount\":1500}")) {
      PolicyFixture.Builder f = call("send_money", json).intentParameter("recipients", List.of("alice"));
      assertThat(decide(java, f).kind()).isEqualTo(decide(yaml, call("send_money", json)
          .intentParameter("recipients", List.of("alice"))).kind());
    }
    assertThat(decide(java, call("send_money", "{\"recipient\":\"alice\",\"amount\":10}")
        .intentParameter("recipients", List.of("alice"))).kind()).isEqualTo("PERMIT");
  }

  @Test
  void javaLanguageWhenCompiledThroughTheSpiThenSameEvaluator() {
    RuleLanguage language = JavaPolicyLanguage.of(Map.of("banking", PolicyBuilderTest::banking));
    assertThat(language.name()).isEqualTo("nhi-guard-java");
    assertThat(language.compile("java", "banking")).isInstanceOf(CompiledPolicy.class);
    assertThat(language.compile("java", "banking").versionDigest()).isEqualTo(banking().build().versionDigest());
    assertThatThrownBy(() -> language.compile("java", "nope"))
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("registered: [banking]");
  }

  @Test
  void buildWhenUnknownToolOrArgumentThenRejected() {
    assertThatThrownBy(() -> PolicyBuilder.policy("p").tool(GET_BALANCE).permit("r").tools("get_balanse").build())
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("unknown tool 'get_balanse'");
    assertThatThrownBy(() -> PolicyBuilder.policy("p").tool(SEND_MONEY).forbid("r").tools("send_money")
        .when(Conditions.arg("amont").between(BigDecimal.ONE, BigDecimal.TEN)).build())
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("no argument 'amont'");
  }

  @Test
  void buildWhenStrictAndPermitOnPaymentWithoutTtlThenRejected() {
    assertThatThrownBy(() -> PolicyBuilder.policy("p").strict().tool(SEND_MONEY).permit("r").tools("send_money").build())
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("without a credentialTtl");
    assertThat(PolicyBuilder.policy("p").tool(SEND_MONEY).permit("r").tools("send_money").build().warnings())
        .hasSize(1);
  }

  @Test
  void buildersWhenOptionSetTwiceThenIllegalState() {
    assertThatThrownBy(() -> PolicyBuilder.policy("p").version("1").version("2")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PolicyBuilder.policy("p").tool(GET_BALANCE).tool(GET_BALANCE))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PolicyBuilder.policy("p").permit("r").tools("a").tools("b"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PolicyBuilder.policy("p").tool(GET_BALANCE).permit("r").build())
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("has no tools");
  }

  @Test
  void conditionsWhenInvalidThenRejectedAtCreation() {
    assertThatThrownBy(() -> Conditions.arg("a").matches("(?=x)")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Conditions.arg("a").matches("a".repeat(1001))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Conditions.arg("a").pathWithin("/data/../..")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Conditions.arg("a").urlHostIn(List.of("user@host"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Conditions.arg("a").inIntent("no such")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(Conditions::anyOf).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Conditions.arg(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Conditions.arg("amount").between(BigDecimal.ONE, new BigDecimal("2.50")).describe())
        .isEqualTo("arg 'amount' between [1, 2.5]");
  }
}
