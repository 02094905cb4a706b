package io.nhiguard.core;

import static io.nhiguard.core.GuardFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.Decision;
import io.nhiguard.api.DelegationScope;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolResult;
import io.nhiguard.core.policy.Policies;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class DelegationTest {

  /** The orchestrator may read and pay; the reader may only read, by its own policy. */
  static final String POLICY =
      String.join(
          "\n",
          "policy: delegation-test",
          "version: 1",
          "tools:",
          "  read: { action: read, destination: crm }",
          "  pay: { action: payment, destination: bank, args: { amount: amount, to: recipient } }",
          "rules:",
          "  - id: everyone-reads",
          "    effect: permit",
          "    tools: [read]",
          "  - id: orchestrator-pays",
          "    effect: permit",
          "    agents: [spiffe://example.org/agent/orchestrator]",
          "    tools: [pay]",
          "    when: [ { arg: amount, between: [0, 10000] } ]",
          "    obligations: { credentialTtl: PT30S }",
          "  - id: helper-pays",
          "    effect: permit",
          "    agents: [spiffe://example.org/agent/helper]",
          "    tools: [pay]",
          "    when: [ { arg: amount, between: [0, 10000] } ]",
          "    obligations: { credentialTtl: PT30S }",
          "");

  private final GuardFixture f = new GuardFixture(b -> b.policy(Policies.fromYaml("delegation.yaml", POLICY)));
  private final AgentId orchestrator = f.agent("orchestrator");
  private final AgentId reader = f.agent("reader");
  private final AgentId helper = f.agent("helper");
  private final TaskIntent sub = TaskIntent.builder("sub-task").build();

  private Decision decide(GuardTask task, String tool, String args) {
    return f.guard.authorize(call(task, tool, args));
  }

  @Test
  void AC_56_delegationOmittedFieldInheritsParentLimit() {
    GuardTask root = f.task(orchestrator, "orchestrate");
    GuardTask limited = root.delegate(helper, new DelegationScope(Set.of("read", "pay"), null, new BigDecimal("100"), null, null), sub);
    GuardTask child = limited.delegate(f.agent("grandchild"), DelegationScope.INHERIT, sub);
    assertThat(child.delegation().orElseThrow().effectiveScope().maxAmount()).isEqualByComparingTo("100");
    Decision d = decide(child, "pay", "{\"amount\":5000,\"to\":\"bob\"}");
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DELEGATION_SCOPE_EXCEEDED);
    assertThat(d.delegationChain()).containsExactly(orchestrator, helper);
  }

  @Test
  void delegateWhenToolsOmittedThenChildGetsOnlyParentTools() {
    GuardTask root = f.task(orchestrator, "orchestrate");
    GuardTask readOnly = root.delegate(helper, new DelegationScope(Set.of("read"), null, null, null, null), sub);
    GuardTask grandchild = readOnly.delegate(f.agent("g2"), new DelegationScope(null, null, null, null, null), sub);
    assertThat(decide(grandchild, "read", "{}").kind()).isEqualTo("PERMIT");
    assertThat(decide(grandchild, "pay", "{\"amount\":1,\"to\":\"bob\"}").reasonCode()).isEqualTo(ReasonCode.DELEGATION_SCOPE_EXCEEDED);
  }

  @Test
  void AC_59_confusedDeputySubAgentIsAuthorizedAsItself() {
    GuardTask root = f.task(orchestrator, "orchestrate");
    GuardTask readerTask = root.delegate(reader, DelegationScope.INHERIT, sub);
    Decision d = decide(readerTask, "pay", "{\"amount\":5,\"to\":\"bob\"}");
    assertThat(d.kind()).isEqualTo("DENY");
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DEFAULT_DENY);
    assertThat(decide(root, "pay", "{\"amount\":5,\"to\":\"bob\"}").kind()).isEqualTo("PERMIT");
  }

  @Test
  void delegateWhenParentLacksAuthorityThenDelegateCannotExceedIt() {
    GuardTask readerRoot = f.task(reader, "read things");
    GuardTask helperTask = readerRoot.delegate(helper, DelegationScope.INHERIT, sub);
    Decision d = decide(helperTask, "pay", "{\"amount\":5,\"to\":\"bob\"}");
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DELEGATION_SCOPE_EXCEEDED);
    assertThat(d.explanation()).contains("a delegate never exceeds its parent");
  }

  @Test
  void AC_53_revocationCascadeAndChildTtl() {
    GuardTask root = f.guard.startTask(orchestrator, "u", TaskIntent.builder("p").build(), Duration.ofMinutes(10));
    GuardTask child = root.delegate(helper, new DelegationScope(null, null, null, Duration.ofHours(1), null), sub);
    assertThat(child.deadline()).isEqualTo(root.deadline());
    String[] token = new String[1];
    f.guard.intercept(
        call(child, "pay", "{\"amount\":5,\"to\":\"bob\"}"),
        c -> {
          token[0] = c.leasedCredential().orElseThrow().token().reveal();
          assertThat(c.leasedCredential().orElseThrow().lease().delegationChain()).containsExactly(orchestrator);
          return ToolResult.of("paid");
        });
    f.guard.revokeAgent(orchestrator, "secops", "compromised orchestrator");
    assertThatExceptionOfType(io.nhiguard.api.CredentialVerificationException.class)
        .isThrownBy(() -> f.vault.verify(token[0], io.nhiguard.api.VerificationExpectations.audience("bank")));
    Decision d = decide(child, "read", "{}");
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.DELEGATION_INVALID);
    assertThat(f.records(AuditEvent.Type.DECISION).get(1).event().delegationChain()).containsExactly(orchestrator.value());
  }

  @Test
  void delegateWhenCycleOrDepthExhaustedThenRejects() {
    GuardTask root = f.task(orchestrator, "o");
    GuardTask a = root.delegate(helper, DelegationScope.INHERIT, sub);
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> a.delegate(orchestrator, DelegationScope.INHERIT, sub))
        .withMessageContaining("cycle");
    GuardTask b = a.delegate(f.agent("d2"), DelegationScope.INHERIT, sub);
    GuardTask c = b.delegate(f.agent("d3"), DelegationScope.INHERIT, sub);
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> c.delegate(f.agent("d4"), DelegationScope.INHERIT, sub))
        .withMessageContaining("depth exhausted");
  }

  @Test
  void closeWhenParentTaskClosesThenDelegatedTasksClose() {
    GuardTask root = f.task(orchestrator, "o");
    GuardTask child = root.delegate(helper, DelegationScope.INHERIT, sub);
    root.close();
    assertThat(decide(child, "read", "{}").reasonCode()).isEqualTo(ReasonCode.TASK_CLOSED);
  }
}
