package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditFailureException;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolCallDeniedException;
import io.nhiguard.api.ToolResult;
import io.nhiguard.api.spi.AuditSink;
import io.nhiguard.core.GuardTask;
import io.nhiguard.core.NhiGuard;
import io.nhiguard.core.approval.InMemoryApprovalService;
import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The guard with a real audit log: a failing sink denies, and every decision is one record. */
final class GuardAuditTest {

  private final Clock clock = Clock.fixed(TestRequests.NOW, ZoneOffset.UTC);
  private final SwitchSink sink = new SwitchSink();
  private final AtomicInteger ran = new AtomicInteger();

  private NhiGuard guard(AuditLog log) {
    InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(clock);
    registry.register(TestRequests.identity(LifecycleState.ACTIVE), "ops@example.org");
    return NhiGuard.builder()
        .clock(clock)
        .policy(new FakePdp(Set.of("files.read"), "v1"))
        .identities(registry)
        .approvals(InMemoryApprovalService.ofDefaults())
        .auditLog(log)
        .build();
  }

  private ToolResult call(NhiGuard guard, GuardTask task, int i) {
    return guard.intercept(
        new ToolCall("call-" + i, TestRequests.AGENT, task.taskId(), "files.read", "{\"path\":\"/docs/a.txt\"}"),
        authorized -> {
          ran.incrementAndGet();
          return ToolResult.of("contents");
        });
  }

  @Test
  void interceptWhenAuditSinkFailsThenCallIsDeniedAndToolDoesNotRun() {
    AuditLog log = AuditLog.builder().sink(sink).synchronous().build();
    NhiGuard guard = guard(log);
    GuardTask task = guard.startTask(TestRequests.AGENT, "user:bob", TaskIntent.builder("Summarize docs").build(), Duration.ofMinutes(10));
    assertThat(call(guard, task, 0).text()).isEqualTo("contents");
    assertThat(ran).hasValue(1);

    sink.failing.set(true);

    assertThatExceptionOfType(ToolCallDeniedException.class)
        .isThrownBy(() -> call(guard, task, 1))
        .satisfies(e -> assertThat(e.decision().reasonCode()).isEqualTo(ReasonCode.AUDIT_UNAVAILABLE));
    assertThat(ran).hasValue(1);
    assertThat(log.failure()).isPresent();
    assertThatExceptionOfType(ToolCallDeniedException.class)
        .isThrownBy(() -> call(guard, task, 2))
        .satisfies(e -> assertThat(e.decision().reasonCode()).isEqualTo(ReasonCode.AUDIT_UNAVAILABLE));
    assertThat(ran).hasValue(1);
  }

  @Test
  void interceptWhenQueuedAuditLogThenOneDecisionRecordPerCallAndChainVerifies() {
    InMemoryAuditSink memory = new InMemoryAuditSink();
    AuditLog log = AuditLog.builder().sink(memory).build();
    NhiGuard guard = guard(log);
    GuardTask task = guard.startTask(TestRequests.AGENT, "user:bob", TaskIntent.builder("Summarize docs").build(), Duration.ofMinutes(10));
    int calls = 25;
    for (int i = 0; i < calls; i++) {
      call(guard, task, i);
    }
    log.flush();

    long decisions = memory.records().stream().filter(r -> r.event().type() == AuditEvent.Type.DECISION).count();
    assertThat(decisions).isEqualTo(calls);
    assertThat(ran).hasValue(calls);
    assertThat(log.writtenCount()).isEqualTo(log.appendedCount()).isEqualTo(memory.size());
    assertThat(AuditVerifier.ofDefaults().verify(memory.records()).isOk()).isTrue();
    log.close();
  }

  @Test
  void replayWhenGuardRecordedTheLogThenSamePolicyFlipsNothingAndEmptyPolicyFlipsEveryPermit() {
    InMemoryAuditSink memory = new InMemoryAuditSink();
    try (AuditLog log = AuditLog.builder().sink(memory).build()) {
      NhiGuard guard = guard(log);
      GuardTask task = guard.startTask(TestRequests.AGENT, "user:bob", TaskIntent.builder("Summarize docs").build(), Duration.ofMinutes(10));
      for (int i = 0; i < 3; i++) {
        call(guard, task, i);
      }
    }

    ReplayReport same = PolicyReplay.against(new FakePdp(Set.of("files.read"), "v1")).replay(memory.records());
    same.assertNoFlips();
    assertThat(same.replayed()).isEqualTo(3);
    assertThat(same.notReplayable()).isEmpty();

    ReplayReport none = PolicyReplay.against(new FakePdp(Set.of(), "v2")).replay(memory.records());
    assertThat(none.flipsOnly("PERMIT", "DENY")).hasSize(3);
  }

  /** Stores records until switched to failing. */
  static final class SwitchSink implements AuditSink {
    final AtomicBoolean failing = new AtomicBoolean();
    final InMemoryAuditSink stored = new InMemoryAuditSink();

    @Override
    public void write(AuditRecord record) {
      if (failing.get()) {
        throw new AuditFailureException("disk full");
      }
      stored.write(record);
    }
  }
}
