package io.nhiguard.langchain4j;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ApprovalRequest;
import io.nhiguard.api.ApprovalStatus;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Owner;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.GuardTask;
import io.nhiguard.core.NhiGuard;
import io.nhiguard.core.approval.InMemoryApprovalService;
import io.nhiguard.core.credential.InMemoryCredentialVault;
import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import io.nhiguard.core.audit.AuditLog;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A guard over the in-memory registry, vault and approvals, with two registered agents and the bank catalogue. */
final class GuardFixture implements AutoCloseable {
  static final AgentId ALICE = AgentId.agent("bank.example", "alice");
  static final AgentId BOB = AgentId.agent("bank.example", "bob");
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final InMemoryIdentityRegistry identities = InMemoryIdentityRegistry.of(clock);
  final CountingVault vault = new CountingVault(InMemoryCredentialVault.builder().clock(clock).build());
  final InMemoryApprovalService approvals = InMemoryApprovalService.builder().clock(clock).build();
  /** Approval requests as they are submitted, for a test playing the owner. */
  final LinkedBlockingQueue<ApprovalRequest> submitted = new LinkedBlockingQueue<>();
  final RecordingSink sink = new RecordingSink();
  final PolicyDecisionPoint policy;
  final NhiGuard guard;

  GuardFixture(PolicyDecisionPoint policy) {
    this(policy, b -> {});
  }

  GuardFixture(PolicyDecisionPoint policy, Consumer<NhiGuard.Builder> options) {
    this.policy = policy;
    approvals.addListener(
        r -> {
          if (r.status() == ApprovalStatus.PENDING) {
            submitted.add(r);
          }
        });
    register(ALICE);
    register(BOB);
    NhiGuard.Builder b =
        NhiGuard.builder()
            .clock(clock)
            .policy(policy)
            .identities(identities)
            .vault(vault)
            .approvals(approvals)
            .auditLog(AuditLog.builder().sink(sink).build());
    options.accept(b);
    this.guard = b.build();
  }

  /** The bank catalogue: balances (read), payments (amount role, credential), an untrusted inbox. */
  static FakePolicy bankPolicy() {
    return new FakePolicy()
        .tool(
            new ToolDescriptor(
                "get_balance", ActionKind.READ, "bank", Map.of(), Map.of("account", ArgumentType.STRING), false, Set.of(),
                DataSensitivity.INTERNAL, true))
        .tool(
            new ToolDescriptor(
                "send_money",
                ActionKind.PAYMENT,
                "bank",
                Map.of("recipient", ArgumentRole.RECIPIENT, "amount", ArgumentRole.AMOUNT),
                Map.of(),
                false,
                Set.of(),
                DataSensitivity.CONFIDENTIAL,
                true))
        .tool(
            new ToolDescriptor(
                "read_inbox", ActionKind.READ, "mail", Map.of(), Map.of(), true, Set.of(), DataSensitivity.INTERNAL, false))
        .permit("get_balance")
        .permit("read_inbox")
        .permitIf(
            "send_money",
            r -> r.arguments().get("amount").map(a -> ((BigDecimal) a).compareTo(BigDecimal.valueOf(100)) <= 0).orElse(false));
  }

  private void register(AgentId id) {
    identities.register(
        AgentIdentity.builder(id)
            .owner(Owner.of("owner-" + id.path().substring(id.path().lastIndexOf('/') + 1), "Owner"))
            .purpose("banking assistant")
            .state(LifecycleState.ACTIVE)
            .createdAt(NOW.minus(Duration.ofDays(1)))
            .expiresAt(NOW.plus(Duration.ofDays(30)))
            .build(),
        "test");
  }

  GuardTask task(AgentId agent) {
    return task(agent, TaskIntent.builder("pay rent").userRequest("pay my rent to bob").build());
  }

  GuardTask task(AgentId agent, TaskIntent intent) {
    return guard.startTask(agent, "user-1", intent, Duration.ofHours(1));
  }

  List<AuditEvent> events() {
    guard.auditLog().flush();
    return sink.events();
  }

  List<AuditEvent> decisions(String toolName) {
    return events().stream()
        .filter(e -> e.type() == AuditEvent.Type.DECISION && e.toolName().equals(toolName))
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    guard.close();
  }
}
