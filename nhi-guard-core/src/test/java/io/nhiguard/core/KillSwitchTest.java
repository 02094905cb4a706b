package io.nhiguard.core;

import static io.nhiguard.core.GuardFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.Decision;
import io.nhiguard.api.DelegationScope;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.core.policy.Policies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.RepeatedTest;

final class KillSwitchTest {

  /** AC-50: once revokeAgent returns, no call that starts afterwards is permitted, for the agent or its delegate. */
  @RepeatedTest(5)
  void AC_50_revokeVersusUseRaceIssuesNoPermitAfterRevokeReturns() throws Exception {
    GuardFixture f = new GuardFixture(b -> b.policy(Policies.fromYaml("race.yaml", DelegationTest.POLICY)));
    AgentId parent = f.agent("orchestrator");
    AgentId delegate = f.agent("helper");
    GuardTask root = f.task(parent, "race");
    GuardTask child = root.delegate(delegate, DelegationScope.INHERIT, TaskIntent.builder("sub").build());
    AtomicBoolean revoked = new AtomicBoolean();
    AtomicInteger permitsAfterRevoke = new AtomicInteger();
    AtomicInteger decisionsAfterRevoke = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      GuardTask task = i % 2 == 0 ? root : child;
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int n = 0; n < 300; n++) {
                  boolean after = revoked.get();
                  ToolCall c = call(task, n % 3 == 0 ? "pay" : "read", n % 3 == 0 ? "{\"amount\":1,\"to\":\"bob\"}" : "{}");
                  Decision d = f.guard.authorize(c);
                  if (after) {
                    decisionsAfterRevoke.incrementAndGet();
                    if (d.isPermitted()) {
                      permitsAfterRevoke.incrementAndGet();
                    }
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    Thread.yield();
    f.guard.revokeAgent(parent, "secops", "kill switch");
    revoked.set(true);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(permitsAfterRevoke.get()).isZero();
    assertThat(decisionsAfterRevoke.get()).isPositive();
    assertThat(f.vault.activeLeases()).isEmpty();
    java.util.List<io.nhiguard.api.AuditRecord> records = f.records(io.nhiguard.api.AuditEvent.Type.LIFECYCLE);
    long revokedAt =
        records.stream()
            .filter(r -> r.event().agent().equals(parent.value()) && "REVOKED".equals(r.event().details().get("to")))
            .mapToLong(io.nhiguard.api.AuditRecord::sequence)
            .findFirst()
            .orElseThrow();
    assertThat(f.records(io.nhiguard.api.AuditEvent.Type.DECISION))
        .as("the audit chain shows no permit for the agent or its delegate after the revocation")
        .filteredOn(r -> r.sequence() > revokedAt && "PERMIT".equals(r.event().decision()))
        .isEmpty();
  }

  /** Default deny: whatever a caller asks of a policy with no permit rule, nothing is permitted. */
  @Property(tries = 300)
  void interceptWhenNoRulePermitsThenNothingIsEverPermitted(
      @ForAll @StringLength(max = 20) String tool, @ForAll @StringLength(max = 40) String args) {
    GuardFixture f =
        new GuardFixture(
            b ->
                b.policy(
                    Policies.fromYaml(
                        "deny.yaml",
                        "policy: deny-all\nversion: 1\ntools:\n  read: { action: read, destination: crm }\n  pay: { action: payment, destination: bank, args: { amount: amount } }\nrules:\n  - id: forbid-pay\n    effect: forbid\n    tools: [pay]\n")));
    AgentId a = f.agent("prop");
    GuardTask task = f.task(a, "anything");
    for (String name : List.of(tool, "read", "pay")) {
      Decision d = f.guard.authorize(new ToolCall("c", a, task.taskId(), name, args));
      assertThat(d.isPermitted()).isFalse();
      d = f.guard.authorize(new ToolCall("c", a, task.taskId(), name, "{}"));
      assertThat(d.isPermitted()).isFalse();
    }
  }
}
