package io.nhiguard.core;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Owner;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.spi.AuditSink;
import io.nhiguard.core.approval.InMemoryApprovalService;
import io.nhiguard.core.audit.AuditLog;
import io.nhiguard.core.audit.InMemoryAuditSink;
import io.nhiguard.core.credential.InMemoryCredentialVault;
import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import io.nhiguard.core.policy.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** A guard wired with the real in-memory parts on a hand-driven clock. */
final class GuardFixture {

  static final String POLICY =
      String.join(
          "\n",
          "policy: guard-test",
          "version: 1",
          "tools:",
          "  get_balance: { action: read, destination: bank }",
          "  read_inbox: { action: read, destination: mail, output: untrusted }",
          "  send_money:",
          "    action: payment",
          "    destination: bank",
          "    args: { recipient: recipient, amount: amount, subject: free_text }",
          "  update_password: { action: write, destination: bank, args: { password: secret } }",
          "  crm.contacts.read: { action: read, destination: crm }",
          "rules:",
          "  - id: lookups",
          "    effect: permit",
          "    tools: [get_balance, read_inbox, crm.contacts.read]",
          "  - id: pay-trusted-recipients",
          "    effect: permit",
          "    tools: [send_money]",
          "    when:",
          "      - { arg: recipient, provenance: trusted }",
          "      - { arg: amount, between: [0.01, 100] }",
          "    obligations: { credentialTtl: PT30S }",
          "  - id: pay-others-needs-owner",
          "    effect: escalate",
          "    tools: [send_money]",
          "    approver: owner",
          "    when:",
          "      - { not: { arg: recipient, provenance: trusted } }",
          "      - { arg: amount, between: [0.01, 100] }",
          "  - id: no-password-change-after-untrusted-input",
          "    effect: forbid",
          "    tools: [update_password]",
          "    when: [ { session: untrustedContentSeen } ]",
          "  - id: password-change",
          "    effect: permit",
          "    tools: [update_password]",
          "    obligations: { credentialTtl: PT30S }",
          "");

  static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
  static final Owner OWNER = Owner.of("alice@example.com", "Alice Example");

  final MutableClock clock = new MutableClock(START);
  final InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(clock);
  final InMemoryCredentialVault vault = InMemoryCredentialVault.builder().clock(clock).build();
  final InMemoryApprovalService approvals =
      InMemoryApprovalService.builder().clock(clock).identityRegistry(registry).build();
  final InMemoryAuditSink sink = new InMemoryAuditSink();
  final NhiGuard guard;
  final AtomicInteger calls = new AtomicInteger();

  GuardFixture() {
    this(b -> b.policy(Policies.fromYaml("guard-test.yaml", POLICY)));
  }

  GuardFixture(UnaryOperator<NhiGuard.Builder> customize) {
    this(customize, new InMemoryAuditSink());
  }

  GuardFixture(UnaryOperator<NhiGuard.Builder> customize, AuditSink extraSink) {
    AuditLog log = AuditLog.builder().clock(clock).sink(sink).sink(extraSink).synchronous().build();
    guard =
        customize
            .apply(NhiGuard.builder().clock(clock).identities(registry).vault(vault).approvals(approvals).auditLog(log))
            .build();
  }

  AgentId agent(String name) {
    AgentId id = AgentId.agent("example.org", name);
    registry.register(
        AgentIdentity.builder(id)
            .owner(OWNER)
            .purpose("pays bills for " + name)
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
    return guard.startTask(agent, "user-1", TaskIntent.builder("pay bills").userRequest(request).build(), Duration.ofMinutes(10));
  }

  static ToolCall call(GuardTask task, String tool, String args) {
    return new ToolCall("call-" + System.nanoTime(), task.agent(), task.taskId(), tool, args);
  }

  List<AuditRecord> records(AuditEvent.Type type) {
    guard.auditLog().flush();
    return sink.records().stream().filter(r -> r.event().type() == type).collect(Collectors.toList());
  }
}
