package io.nhiguard.core.audit;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.Decision;
import io.nhiguard.api.Delegation;
import io.nhiguard.api.DelegationScope;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.ModelBinding;
import io.nhiguard.api.Owner;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.TaskContext;
import io.nhiguard.api.TaskHistory;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.ArgumentCanonicalizer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Authorization requests and the DECISION events a guard would record for them. */
final class TestRequests {

  static final AgentId AGENT = AgentId.agent("example.org", "mailer");
  static final AgentId PARENT = AgentId.agent("example.org", "planner");
  static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  static final ToolDescriptor MAIL =
      new ToolDescriptor("mail.send", ActionKind.SEND, "smtp.example.com",
          Map.of("to", ArgumentRole.RECIPIENT, "body", ArgumentRole.FREE_TEXT), Map.of(), false, Set.of(), DataSensitivity.INTERNAL, true);
  static final ToolDescriptor READ =
      new ToolDescriptor("files.read", ActionKind.READ, "local",
          Map.of("path", ArgumentRole.PATH), Map.of(), true, Set.of("docs"), DataSensitivity.CONFIDENTIAL, false);
  static final ToolDescriptor PAY =
      new ToolDescriptor("pay.transfer", ActionKind.PAYMENT, "bank.example.com",
          Map.of("to", ArgumentRole.RECIPIENT, "amount", ArgumentRole.AMOUNT), Map.of(), false, Set.of(), DataSensitivity.RESTRICTED, true);
  static final ToolDescriptor LOGIN =
      new ToolDescriptor("vault.login", ActionKind.EXECUTE, "vault.example.com",
          Map.of("user", ArgumentRole.IDENTIFIER, "password", ArgumentRole.SECRET), Map.of(), false, Set.of(), DataSensitivity.RESTRICTED, true);

  private static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();

  private TestRequests() {}

  static AgentIdentity identity(LifecycleState state) {
    return AgentIdentity.builder(AGENT)
        .owner(Owner.of("alice", "Alice Example"))
        .purpose("Sends invoices")
        .labels(Set.of("team=billing", "tier:1"))
        .modelBinding(ModelBinding.of("acme", "m-1", "2026-10"))
        .state(state)
        .createdAt(NOW.minus(Duration.ofDays(30)))
        .expiresAt(NOW.plus(Duration.ofDays(60)))
        .reviewDueAt(NOW.plus(Duration.ofDays(20)))
        .build();
  }

  /** A live-looking task with a fixed history and provenance table. */
  static final class Task implements TaskContext, TaskHistory {
    final boolean untrustedSeen;
    final BigDecimal spent;
    final Map<String, Provenance> provenance;
    final boolean delegated;
    final boolean open;

    Task(boolean untrustedSeen, BigDecimal spent, Map<String, Provenance> provenance, boolean delegated, boolean open) {
      this.untrustedSeen = untrustedSeen;
      this.spent = spent;
      this.provenance = Map.copyOf(provenance);
      this.delegated = delegated;
      this.open = open;
    }

    @Override public String taskId() { return "task-1"; }
    @Override public AgentId agent() { return AGENT; }
    @Override public String requester() { return "user:bob"; }

    @Override
    public TaskIntent intent() {
      return TaskIntent.builder("Pay the March invoice")
          .userRequest("please pay invoice 42 to ACME, my password is hunter2")
          .parameter("recipients", List.of("billing@acme.example", "ap@acme.example"))
          .spendingCap(new BigDecimal("500.00"))
          .sensitivityCeiling(DataSensitivity.RESTRICTED)
          .trustedData(List.of("my IBAN is DE00 1234"))
          .build();
    }

    @Override public Instant deadline() { return NOW.plus(Duration.ofHours(1)); }
    @Override public double confidenceThreshold() { return 0.7; }
    @Override public boolean isOpenAt(Instant now) { return open && now.isBefore(deadline()); }
    @Override public TaskHistory history() { return this; }

    @Override
    public Optional<Delegation> delegation() {
      if (!delegated) {
        return Optional.empty();
      }
      return Optional.of(new Delegation(PARENT, "task-0", List.of(PARENT),
          new DelegationScope(Set.of("mail.*", "pay.transfer"), Set.of("smtp.example.com"), new BigDecimal("100"), Duration.ofMinutes(5), 1),
          NOW.plus(Duration.ofMinutes(5))));
    }

    @Override public List<String> toolsUsed() { return List.of("files.read", "files.read"); }
    @Override public Set<String> destinationsReached() { return Set.of("local"); }
    @Override public Set<String> dataClassesRead() { return Set.of("docs"); }
    @Override public boolean untrustedContentSeen() { return untrustedSeen; }
    @Override public Map<String, BigDecimal> cumulativeAmounts() { return Map.of("pay.transfer", spent); }
    @Override public BigDecimal totalAmount() { return spent; }

    @Override
    public Provenance provenanceOf(String value) {
      return provenance.getOrDefault(value, Provenance.UNKNOWN);
    }
  }

  static AuthorizationRequest request(ToolDescriptor tool, Map<String, Object> args, LifecycleState state, Task task) {
    CanonicalArguments canonical = ArgumentCanonicalizer.of(args);
    ToolCall call = new ToolCall("call-" + CALLS.incrementAndGet(), AGENT, "task-1", tool.name(), canonical.canonicalJson());
    return new AuthorizationRequest(call, tool, canonical, identity(state), task, NOW);
  }

  /** The DECISION event a guard records: redacted arguments, digest of the unredacted ones, facts. */
  static AuditEvent decisionEvent(AuthorizationRequest request, Decision decision) {
    return AuditEvent.builder(AuditEvent.Type.DECISION, request.time())
        .decisionId(decision.decisionId())
        .callId(request.call().callId())
        .agent(request.identity().id().value())
        .owner(request.identity().owner().id())
        .taskId(request.task().taskId())
        .delegationChain(request.task().delegationChain().stream().map(AgentId::value).toList())
        .toolName(request.call().toolName())
        .arguments(Redactor.redact(request.arguments(), request.tool(), decision.obligations()))
        .argumentDigest(request.arguments().digest())
        .policyId(decision.policyId())
        .policyVersion(decision.policyVersion())
        .decision(decision.kind())
        .reasonCode(decision.reasonCode().name())
        .ruleIds(decision.ruleIds())
        .outcome(decision.isPermitted() ? AuditEvent.Outcome.PERMITTED : decision instanceof Decision.Deny ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.ESCALATED)
        .facts(RequestFacts.of(request))
        .build();
  }
}
