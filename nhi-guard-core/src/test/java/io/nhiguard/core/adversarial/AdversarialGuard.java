package io.nhiguard.core.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.Decision;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Owner;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolCallDeniedException;
import io.nhiguard.api.ToolResult;
import io.nhiguard.core.GuardTask;
import io.nhiguard.core.NhiGuard;
import io.nhiguard.core.approval.InMemoryApprovalService;
import io.nhiguard.core.audit.AuditLog;
import io.nhiguard.core.audit.InMemoryAuditSink;
import io.nhiguard.core.credential.InMemoryCredentialVault;
import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import io.nhiguard.core.identity.MutableClock;
import io.nhiguard.core.policy.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The whole guard, wired with the real in-memory parts on a hand-driven clock and a synchronous
 * audit log, and the checks every adversarial call shares: the call is refused with the expected
 * reason, the tool never runs, and exactly one DECISION record is written for the call.
 */
final class AdversarialGuard {

  static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
  static final Owner OWNER = Owner.of("alice@example.com", "Alice Example");

  final MutableClock clock = MutableClock.at(START);
  final InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(clock);
  final InMemoryCredentialVault vault = InMemoryCredentialVault.builder().clock(clock).build();
  final InMemoryApprovalService approvals = InMemoryApprovalService.builder().clock(clock).identityRegistry(registry).build();
  final InMemoryAuditSink sink = new InMemoryAuditSink();
  final NhiGuard guard;
  final AtomicInteger runs = new AtomicInteger();
  private final AtomicLong callIds = new AtomicLong();

  AdversarialGuard(String policyName, String policyYaml) {
    AuditLog log = AuditLog.builder().clock(clock).sink(sink).synchronous().build();
    guard =
        NhiGuard.builder()
            .clock(clock)
            .identities(registry)
            .vault(vault)
            .approvals(approvals)
            .auditLog(log)
            .policy(Policies.fromYaml(policyName, policyYaml))
            .build();
  }

  AgentId agent(String name) {
    AgentId id = AgentId.agent("example.org", name);
    registry.register(
        AgentIdentity.builder(id)
            .owner(OWNER)
            .purpose("acts for " + name)
            .labels(Set.of("finance"))
            .createdAt(START)
            .expiresAt(START.plus(Duration.ofDays(30)))
            .reviewDueAt(START.plus(Duration.ofDays(20)))
            .state(LifecycleState.ACTIVE)
            .build(),
        "test");
    return id;
  }

  GuardTask task(AgentId agent, String request) {
    return task(agent, TaskIntent.builder("adversarial case").userRequest(request).build());
  }

  GuardTask task(AgentId agent, TaskIntent intent) {
    return guard.startTask(agent, "user-1", intent, Duration.ofMinutes(10));
  }

  ToolCall call(GuardTask task, String tool, String args) {
    return new ToolCall("call-" + callIds.incrementAndGet(), task.agent(), task.taskId(), tool, args);
  }

  /** Runs a call whose tool answers {@code output}; returns the tool's result. */
  ToolResult run(GuardTask task, String tool, String args, String output) {
    return guard.intercept(call(task, tool, args), c -> {
      runs.incrementAndGet();
      return ToolResult.of(output);
    });
  }

  /** Whether a call is permitted and runs. */
  boolean runs(GuardTask task, String tool, String args) {
    int before = runs.get();
    try {
      run(task, tool, args, "ok");
    } catch (ToolCallDeniedException denied) {
      return false;
    }
    return runs.get() == before + 1;
  }

  /**
   * Asserts that the call is refused with {@code reason} (or one of the alternatives), that the tool did not run, and that
   * exactly one DECISION record with the same reason was written for the call.
   */
  Decision assertDenied(GuardTask task, String tool, String args, ReasonCode reason, ReasonCode... alternatives) {
    Set<ReasonCode> accepted = EnumSet.of(reason, alternatives);
    ToolCall call = call(task, tool, args);
    int before = runs.get();
    Decision d =
        assertThatExceptionOfType(ToolCallDeniedException.class)
            .as("call %s %s", tool, args)
            .isThrownBy(() -> guard.intercept(call, c -> {
              runs.incrementAndGet();
              return ToolResult.of("ran");
            }))
            .actual()
            .decision();
    assertThat(d.isPermitted()).isFalse();
    assertThat(d.reasonCode()).as("reason for %s %s", tool, args).isIn(accepted);
    assertThat(runs.get()).as("the tool never runs").isEqualTo(before);
    assertThat(decisionsFor(call))
        .as("one DECISION audit record for %s", call.callId())
        .singleElement()
        .satisfies(e -> {
          // an escalation is recorded as ESCALATION_REQUIRED and answered to the caller as APPROVAL_PENDING
          assertThat(ReasonCode.valueOf(e.reasonCode())).isIn(accepted);
          assertThat(e.decision()).isNotEqualTo("PERMIT");
          if (e.reasonCode().equals(d.reasonCode().name())) {
            assertThat(e.decisionId()).isEqualTo(d.decisionId());
          }
        });
    return d;
  }

  List<AuditEvent> decisionsFor(ToolCall call) {
    guard.auditLog().flush();
    return sink.records().stream()
        .map(r -> r.event())
        .filter(e -> e.type() == AuditEvent.Type.DECISION && e.callId().equals(call.callId()))
        .collect(Collectors.toList());
  }
}
