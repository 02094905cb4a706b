package io.nhiguard.core.approval;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.Decision;
import io.nhiguard.api.Delegation;
import io.nhiguard.api.DelegationScope;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.TaskContext;
import io.nhiguard.api.TaskHistory;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.identity.TestIdentities;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Escalated calls built directly from API records, with a minimal task. */
final class ApprovalFixtures {
  static final AgentId BILLING = TestIdentities.id("billing");
  static final AgentId ORCHESTRATOR = TestIdentities.id("orchestrator");
  static final String OWNER = TestIdentities.ALICE.id();
  static final Instant NOW = Instant.parse("2026-01-02T00:00:00Z");

  private static final AtomicInteger SEQ = new AtomicInteger();

  private ApprovalFixtures() {}

  /** The escalated call and its escalation. */
  record Escalated(AuthorizationRequest request, Decision.Escalate decision) {
    String digest() {
      return decision.argumentDigest();
    }
  }

  static AgentIdentity billing() {
    return TestIdentities.agent("billing", b -> b.state(LifecycleState.ACTIVE));
  }

  static CanonicalArguments args(long amount) {
    return new CanonicalArguments(
        Map.of("amount", BigDecimal.valueOf(amount), "to", "bob"), "{\"amount\":" + amount + ",\"to\":\"bob\"}");
  }

  static Escalated escalated(long amount) {
    return escalated(billing(), "task-1", "send_money", args(amount), null, List.of());
  }

  static Escalated escalated(
      AgentIdentity identity,
      String taskId,
      String tool,
      CanonicalArguments args,
      String approver,
      List<AgentId> chain) {
    ToolCall call = new ToolCall("call-" + SEQ.incrementAndGet(), identity.id(), taskId, tool, args.canonicalJson());
    ToolDescriptor descriptor = ToolDescriptor.of(tool, ActionKind.PAYMENT, "bank");
    Optional<Delegation> delegation =
        chain.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Delegation(chain.get(chain.size() - 1), "parent-task", chain, DelegationScope.INHERIT, NOW.plusSeconds(3600)));
    AuthorizationRequest request =
        new AuthorizationRequest(call, descriptor, args, identity, new FakeTask(taskId, identity.id(), delegation), NOW);
    Decision.Escalate decision =
        new Decision.Escalate(
            "dec-" + SEQ.incrementAndGet(),
            ReasonCode.ESCALATION_REQUIRED,
            List.of("pay-anyone-else-needs-owner"),
            new Obligations(null, Set.of(), approver),
            List.of(),
            "banking",
            "v1",
            args.digest(),
            chain,
            "Payment to an unknown recipient needs the owner's approval");
    return new Escalated(request, decision);
  }

  /** A task with an empty history. */
  static final class FakeTask implements TaskContext {
    private final String taskId;
    private final AgentId agent;
    private final Optional<Delegation> delegation;

    FakeTask(String taskId, AgentId agent, Optional<Delegation> delegation) {
      this.taskId = taskId;
      this.agent = agent;
      this.delegation = delegation;
    }

    @Override
    public String taskId() {
      return taskId;
    }

    @Override
    public AgentId agent() {
      return agent;
    }

    @Override
    public String requester() {
      return "user@example.org";
    }

    @Override
    public TaskIntent intent() {
      return TaskIntent.builder("pay an invoice").build();
    }

    @Override
    public Instant deadline() {
      return NOW.plusSeconds(3600);
    }

    @Override
    public double confidenceThreshold() {
      return 0;
    }

    @Override
    public boolean isOpenAt(Instant now) {
      return now.isBefore(deadline());
    }

    @Override
    public TaskHistory history() {
      return EmptyHistory.INSTANCE;
    }

    @Override
    public Optional<Delegation> delegation() {
      return delegation;
    }
  }

  /** A history where nothing happened yet. */
  enum EmptyHistory implements TaskHistory {
    INSTANCE;

    @Override
    public List<String> toolsUsed() {
      return List.of();
    }

    @Override
    public Set<String> destinationsReached() {
      return Set.of();
    }

    @Override
    public Set<String> dataClassesRead() {
      return Set.of();
    }

    @Override
    public boolean untrustedContentSeen() {
      return false;
    }

    @Override
    public Map<String, BigDecimal> cumulativeAmounts() {
      return Map.of();
    }

    @Override
    public BigDecimal totalAmount() {
      return BigDecimal.ZERO;
    }

    @Override
    public Provenance provenanceOf(String value) {
      return Provenance.UNKNOWN;
    }
  }
}
