package io.nhiguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.Decision;
import io.nhiguard.api.DelegationScope;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.core.policy.Policies;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Delegation only narrows: whatever the scopes, a delegate is never permitted a call its parent is not. */
final class DelegationPropertiesTest {

  static final String POLICY =
      String.join(
          "\n",
          "policy: narrowing",
          "version: 1",
          "tools:",
          "  crm.read: { action: read, destination: crm }",
          "  crm.write: { action: write, destination: crm, args: { note: free_text } }",
          "  pay: { action: payment, destination: bank, args: { amount: amount } }",
          "  mail.send: { action: send, destination: mail, args: { to: recipient } }",
          "rules:",
          "  - id: all-read",
          "    effect: permit",
          "    tools: ['crm.*']",
          "    obligations: { credentialTtl: PT30S }",
          "  - id: finance-pays",
          "    effect: permit",
          "    agents: ['label:finance']",
          "    tools: [pay]",
          "    when: [ { arg: amount, between: [0, 500] } ]",
          "    obligations: { credentialTtl: PT30S }",
          "  - id: mail",
          "    effect: permit",
          "    tools: [mail.send]",
          "    obligations: { credentialTtl: PT30S }",
          "");

  private static final io.nhiguard.core.policy.CompiledPolicy COMPILED = Policies.fromYaml("narrowing.yaml", POLICY);

  private static final List<String> TOOLS = List.of("crm.read", "crm.write", "pay", "mail.send");

  @Property(tries = 200)
  void delegateWhenAnyScopesThenPermittedCallsAreASubsetOfTheParents(
      @ForAll("scopes") DelegationScope first, @ForAll("scopes") DelegationScope second, @ForAll("amounts") BigDecimal amount) {
    GuardFixture f = new GuardFixture(b -> b.policy(COMPILED));
    AgentId root = f.agent("root");
    GuardTask rootTask = f.task(root, "root work");
    GuardTask child = rootTask.delegate(f.agent("child"), first, TaskIntent.builder("child").build());
    GuardTask grandchild = child.delegate(f.agent("grandchild"), second, TaskIntent.builder("grandchild").build());
    for (String tool : TOOLS) {
      String args = argsFor(tool, amount);
      boolean rootOk = permitted(f, rootTask, tool, args);
      boolean childOk = permitted(f, child, tool, args);
      boolean grandchildOk = permitted(f, grandchild, tool, args);
      assertThat(!childOk || rootOk).as("child permitted %s but root is not", tool).isTrue();
      assertThat(!grandchildOk || childOk).as("grandchild permitted %s but child is not", tool).isTrue();
      if (grandchildOk && first.maxAmount() != null && tool.equals("pay")) {
        assertThat(amount).isLessThanOrEqualTo(first.maxAmount());
      }
      if (grandchildOk) {
        assertThat(first.allowsTool(tool) && second.allowsTool(tool)).isTrue();
      }
    }
  }

  private static boolean permitted(GuardFixture f, GuardTask task, String tool, String args) {
    Decision d = f.guard.authorize(new ToolCall("c", task.agent(), task.taskId(), tool, args));
    return d.isPermitted();
  }

  private static String argsFor(String tool, BigDecimal amount) {
    switch (tool) {
      case "pay":
        return "{\"amount\":" + amount.toPlainString() + "}";
      case "crm.write":
        return "{\"note\":\"n\"}";
      case "mail.send":
        return "{\"to\":\"bob@example.com\"}";
      default:
        return "{}";
    }
  }

  @Provide
  Arbitrary<DelegationScope> scopes() {
    Arbitrary<Set<String>> tools =
        Arbitraries.of("crm.*", "crm.read", "crm.write", "pay", "mail.send").set().ofMaxSize(4).injectNull(0.3);
    Arbitrary<Set<String>> destinations = Arbitraries.of("crm", "bank", "mail").set().ofMaxSize(3).injectNull(0.4);
    Arbitrary<BigDecimal> max = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1000")).ofScale(2).injectNull(0.4);
    return Combinators.combine(tools, destinations, max).as((t, d, m) -> new DelegationScope(t, d, m, null, null));
  }

  @Provide
  Arbitrary<BigDecimal> amounts() {
    return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1000")).ofScale(2);
  }
}
