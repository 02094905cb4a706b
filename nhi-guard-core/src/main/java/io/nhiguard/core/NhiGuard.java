package io.nhiguard.core;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ApprovalException;
import io.nhiguard.api.ApprovalRateLimitedException;
import io.nhiguard.api.ApprovalRequest;
import io.nhiguard.api.ApprovalStatus;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditFailureException;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.AuthorizedCall;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.Decision;
import io.nhiguard.api.Delegation;
import io.nhiguard.api.DelegationScope;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.api.LeaseRequest;
import io.nhiguard.api.LifecycleEvent;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.MalformedArgumentsException;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.RuleError;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolCallInterceptor;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.api.ToolInvocation;
import io.nhiguard.api.ToolNames;
import io.nhiguard.api.ToolResult;
import io.nhiguard.api.spi.ApprovalService;
import io.nhiguard.api.spi.CredentialVault;
import io.nhiguard.api.spi.IdentityRegistry;
import io.nhiguard.core.approval.InMemoryApprovalService;
import io.nhiguard.core.audit.AuditLog;
import io.nhiguard.core.audit.InMemoryAuditSink;
import io.nhiguard.core.audit.Redactor;
import io.nhiguard.core.audit.RequestFacts;
import io.nhiguard.core.credential.InMemoryCredentialVault;
import io.nhiguard.core.identity.IdentityChecks;
import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard: the policy enforcement point every tool call of an agent passes through.
 *
 * <p>One call is handled as a fixed nesting of steps, like Resilience4j decorators:
 *
 * <pre>
 * check tool-name grammar -> resolve identity (lifecycle, expiry, review) -> resolve task
 *   (open, deadline, confidence, owner agent) -> delegation chain still valid -> catalogue entry
 *   -> strict argument canonicalization -> PDP decision (+ every ancestor's, for a delegate)
 *   -> audit the decision -> Deny: DenialHandler
 *                         -> Escalate: ApprovalService (digest-bound, single use)
 *                         -> Permit: lease credential (TTL from obligations, task deadline)
 *   -> run the tool with exactly the authorized arguments -> audit the outcome
 *   -> release the lease (finally) -> update the task history
 * </pre>
 *
 * <p>It fails closed everywhere: a malformed name or argument document, an unknown identity, task
 * or tool, a rule error, an audit log that cannot record, an approval that times out or a vault
 * that cannot lease each deny, with a {@link ReasonCode} in the decision and in the audit record.
 * With no policy every call is denied ({@link ReasonCode#NO_POLICY}).
 *
 * <p>Revoking an agent through {@link #revokeAgent} is synchronous and final: decisions for an
 * agent (and for every delegate below it) hold a read lock on each agent of the chain while they
 * check the lifecycle and lease; revocation holds the write lock while it changes the state and
 * revokes credentials, so once it returns no permit is issued for the agent or its delegates.
 *
 * <p>Thread-safe. Time for TTLs and deadlines comes from the injected {@link Clock} (wall-clock);
 * durations in audit records use {@link System#nanoTime()} (monotonic).
 *
 * @since 0.1.0
 */
public final class NhiGuard implements ToolCallInterceptor, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NhiGuard.class);

  /** How an escalated call is handled. */
  public enum EscalationMode {
    /** Submit the approval request and answer at once with {@link ReasonCode#APPROVAL_PENDING}. */
    PENDING,
    /** Submit the request and block until a human decides or the timeout passes. */
    BLOCKING
  }

  private final Clock clock;
  private final AtomicReference<PolicyDecisionPoint> policy;
  private final IdentityRegistry identities;
  private final CredentialVault vault;
  private final ApprovalService approvals;
  private final AuditLog audit;
  private final DenialHandler denialHandler;
  private final EscalationMode escalationMode;
  private final Duration approvalTimeout;
  private final boolean shadow;
  private final Duration callCredentialTtl;
  private final int maxDelegationDepth;
  private final Map<String, GuardTask> tasks = new ConcurrentHashMap<>();
  private final Map<AgentId, ReentrantReadWriteLock> agentLocks = new ConcurrentHashMap<>();

  private NhiGuard(Builder b) {
    this.clock = b.clock;
    this.policy = new AtomicReference<>(b.policy);
    this.identities = b.identities;
    this.vault = b.vault;
    this.approvals = b.approvals;
    this.audit = b.audit;
    this.denialHandler = b.denialHandler;
    this.escalationMode = b.escalationMode;
    this.approvalTimeout = b.approvalTimeout;
    this.shadow = b.shadow;
    this.callCredentialTtl = b.callCredentialTtl;
    this.maxDelegationDepth = b.maxDelegationDepth;
    identities.addListener(this::onLifecycle);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- tasks

  /**
   * Starts a task session for an agent with a confidence threshold of 0 (never triggered).
   *
   * @param agent the agent, registered and active
   * @param requester the principal the task works for
   * @param intent the trusted intent
   * @param timeToLive how long the task may run; positive, at most 24 hours
   * @return the open task; close it when the work is done
   * @throws IllegalArgumentException if the agent is unknown or may not act, or the TTL is out of
   *     range
   * @throws NullPointerException if an argument is null
   */
  public GuardTask startTask(AgentId agent, String requester, TaskIntent intent, Duration timeToLive) {
    return startTask(agent, requester, intent, timeToLive, 0.0);
  }

  /**
   * Starts a task session for an agent.
   *
   * @param agent the agent, registered and active
   * @param requester the principal the task works for
   * @param intent the trusted intent
   * @param timeToLive how long the task may run; positive, at most 24 hours
   * @param confidenceThreshold the lowest confidence at which the task may go on, in [0, 1]
   * @return the open task; close it when the work is done
   * @throws IllegalArgumentException if the agent is unknown or may not act, or a value is out of
   *     range
   * @throws NullPointerException if an argument is null
   */
  public GuardTask startTask(
      AgentId agent, String requester, TaskIntent intent, Duration timeToLive, double confidenceThreshold) {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(timeToLive, "timeToLive");
    if (timeToLive.isZero() || timeToLive.isNegative() || timeToLive.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException(
          "Task timeToLive must be within (0, PT24H], but was " + timeToLive + "; tasks are bounded by design");
    }
    if (!(confidenceThreshold >= 0.0 && confidenceThreshold <= 1.0)) {
      throw new IllegalArgumentException("confidenceThreshold must be within [0, 1], but was " + confidenceThreshold);
    }
    Instant now = clock.instant();
    AgentIdentity identity = requireActing(agent, now);
    Instant deadline = now.plus(timeToLive);
    if (deadline.isAfter(identity.expiresAt())) {
      deadline = identity.expiresAt();
    }
    GuardTask task =
        new GuardTask(this, newId("task"), agent, requester, intent, deadline, confidenceThreshold, null, null);
    tasks.put(task.taskId(), task);
    auditTask(task, "started", now);
    return task;
  }

  /**
   * Looks up a task.
   *
   * @param taskId the task id
   * @return the task, empty if unknown
   * @throws NullPointerException if {@code taskId} is null
   */
  public Optional<GuardTask> task(String taskId) {
    return Optional.ofNullable(tasks.get(Objects.requireNonNull(taskId, "taskId")));
  }

  GuardTask delegateTask(GuardTask parent, AgentId delegate, DelegationScope scope, TaskIntent intent) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(intent, "delegateIntent");
    Instant now = clock.instant();
    if (!parent.isOpenAt(now)) {
      throw new IllegalStateException("Task '" + parent.taskId() + "' is not open; a closed task cannot delegate");
    }
    requireActing(delegate, now);
    List<AgentId> chain = new ArrayList<>(parent.delegationChain());
    chain.add(parent.agent());
    if (chain.contains(delegate)) {
      throw new IllegalArgumentException(
          "Delegation to '" + delegate + "' would form a cycle; it is already in the chain " + chain);
    }
    DelegationScope parentScope =
        parent.delegation()
            .map(Delegation::effectiveScope)
            .orElse(new DelegationScope(null, null, null, null, maxDelegationDepth));
    int remaining = parentScope.remainingDepth() == null ? maxDelegationDepth : parentScope.remainingDepth();
    if (remaining <= 0 || chain.size() > maxDelegationDepth) {
      throw new IllegalArgumentException(
          "Delegation depth exhausted: chain " + chain + " has no remaining depth (max " + maxDelegationDepth + ")");
    }
    DelegationScope narrowed = parentScope.narrowedBy(scope);
    int childDepth = Math.min(remaining - 1, narrowed.remainingDepth() == null ? remaining - 1 : narrowed.remainingDepth());
    DelegationScope effective =
        new DelegationScope(narrowed.tools(), narrowed.destinations(), narrowed.maxAmount(), narrowed.ttl(), childDepth);
    Instant expiresAt = parent.deadline();
    Instant parentExpiry = parent.delegation().map(Delegation::expiresAt).orElse(parent.deadline());
    if (parentExpiry.isBefore(expiresAt)) {
      expiresAt = parentExpiry;
    }
    if (scope.ttl() != null && now.plus(scope.ttl()).isBefore(expiresAt)) {
      expiresAt = now.plus(scope.ttl());
    }
    Delegation delegation = new Delegation(parent.agent(), parent.taskId(), chain, effective, expiresAt);
    GuardTask child =
        new GuardTask(
            this, newId("task"), delegate, parent.requester(), intent, expiresAt, parent.confidenceThreshold(), delegation, parent);
    parent.addChild(child);
    tasks.put(child.taskId(), child);
    auditTask(child, "delegated from " + parent.taskId(), now);
    return child;
  }

  void onTaskEnded(GuardTask task, String why) {
    int revoked = 0;
    try {
      revoked = vault.revokeTask(task.taskId());
    } finally {
      for (GuardTask child : task.children()) {
        child.closeBecause(GuardTask.State.CLOSED);
      }
      auditTask(task, why + "; revoked " + revoked + " credential(s)", clock.instant());
    }
  }

  // ---------------------------------------------------------------- kill switch

  /**
   * Revokes an agent: its lifecycle moves to {@link LifecycleState#REVOKED}, every credential it or
   * any delegate below it holds is revoked, and every later call of it or its delegates is denied.
   * Synchronous: when this method returns, no permit is issued for them any more.
   *
   * @param agent the agent
   * @param actor who pulls the switch
   * @param reason why
   * @return the revoked identity
   * @throws IllegalArgumentException if the agent is unknown
   * @throws io.nhiguard.api.LifecycleTransitionException if the agent cannot be revoked from its
   *     state
   * @throws NullPointerException if an argument is null
   */
  public AgentIdentity revokeAgent(AgentId agent, String actor, String reason) {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    Lock write = lockOf(agent).writeLock();
    write.lock();
    try {
      AgentIdentity revoked = identities.transition(agent, LifecycleState.REVOKED, actor, reason);
      vault.revokeAgent(agent);
      return revoked;
    } finally {
      write.unlock();
    }
  }

  private void onLifecycle(LifecycleEvent event) {
    try {
      if (event.to() != LifecycleState.ACTIVE) {
        int n = vault.revokeAgent(event.agent());
        log.debug("Agent {} moved to {}; revoked {} credential(s)", event.agent(), event.to(), n);
      } else if (event.from() == LifecycleState.ACTIVE) {
        // a rebinding, owner change or re-certification: standing grants of the old facts end
        vault.revokeAgent(event.agent());
      }
    } finally {
      audit.append(
          AuditEvent.builder(AuditEvent.Type.LIFECYCLE, event.at())
              .agent(event.agent().value())
              .details(
                  mapOf(
                      "from", event.from() == null ? "" : event.from().name(),
                      "to", event.to().name(),
                      "actor", event.actor(),
                      "reason", event.reason()))
              .build());
    }
  }

  // ---------------------------------------------------------------- policy

  /**
   * Replaces the policy atomically; decisions in flight finish on the old one.
   *
   * @param newPolicy the compiled policy
   * @throws NullPointerException if {@code newPolicy} is null
   */
  public void reloadPolicy(PolicyDecisionPoint newPolicy) {
    Objects.requireNonNull(newPolicy, "newPolicy");
    PolicyDecisionPoint old = policy.getAndSet(newPolicy);
    audit.append(
        AuditEvent.builder(AuditEvent.Type.POLICY, clock.instant())
            .policyId(newPolicy.policyId())
            .policyVersion(newPolicy.versionDigest())
            .details(mapOf("previousVersion", old == null ? "none" : old.versionDigest()))
            .build());
    log.info("Policy '{}' loaded, version {}", newPolicy.policyId(), newPolicy.versionDigest());
  }

  /**
   * Returns the current policy.
   *
   * @return the policy, empty when none is loaded
   */
  public Optional<PolicyDecisionPoint> policy() {
    return Optional.ofNullable(policy.get());
  }

  /**
   * Returns a tool's catalogue entry in the current policy.
   *
   * @param toolName the tool name
   * @return the entry, empty when unknown or no policy is loaded
   * @throws NullPointerException if {@code toolName} is null
   */
  public Optional<ToolDescriptor> tool(String toolName) {
    Objects.requireNonNull(toolName, "toolName");
    PolicyDecisionPoint p = policy.get();
    return p == null ? Optional.empty() : p.tool(toolName);
  }

  /**
   * Returns the identity registry.
   *
   * @return the registry
   */
  public IdentityRegistry identities() {
    return identities;
  }

  /**
   * Returns the credential vault.
   *
   * @return the vault
   */
  public CredentialVault vault() {
    return vault;
  }

  /**
   * Returns the approval service.
   *
   * @return the service
   */
  public ApprovalService approvals() {
    return approvals;
  }

  /**
   * Returns the audit log.
   *
   * @return the log
   */
  public AuditLog auditLog() {
    return audit;
  }

  /**
   * Returns the clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  // ---------------------------------------------------------------- the pipeline

  /**
   * Decides a call without running anything, and records the decision. Nothing is leased, no
   * approval request is made and no approval is used up: an escalated call comes back as {@link
   * Decision.Escalate} even when its owner has already approved it, because only {@link #intercept}
   * runs a call and consumes the single-use approval.
   *
   * @param call the call
   * @return the decision, never null
   * @throws NullPointerException if {@code call} is null
   */
  public Decision authorize(ToolCall call) {
    Objects.requireNonNull(call, "call");
    long start = System.nanoTime();
    return underChainLocks(call, () -> record(evaluate(call, false), start)).decision;
  }

  @Override
  public ToolResult intercept(ToolCall call, ToolInvocation next) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(next, "next");
    long start = System.nanoTime();
    Evaluation e =
        underChainLocks(
            call,
            () -> {
              Evaluation ev = record(evaluate(call, true), start);
              if (ev.decision.isPermitted()) {
                ev.decision = withCredential(ev, (Decision.Permit) ev.decision);
              }
              return ev;
            });
    Decision decision = e.decision;
    if (decision instanceof Decision.Escalate) {
      Decision afterApproval = escalate(e, (Decision.Escalate) decision);
      decision = afterApproval.isPermitted() ? underChainLocks(call, () -> stillPermitted(e, (Decision.Permit) afterApproval)) : afterApproval;
    }
    if (!decision.isPermitted()) {
      if (shadow && e.shadowable && e.request != null) {
        Decision shadowed = shadowPermit(e, decision);
        decision = underChainLocks(call, () -> withCredential(e, (Decision.Permit) shadowed));
        if (!decision.isPermitted()) {
          return refuse(call, decision);
        }
      } else {
        return refuse(call, decision);
      }
    }
    return run(e, (Decision.Permit) decision, next);
  }

  /** After a wait for approval: the agent and its chain must still be allowed to act, then lease. */
  private Decision stillPermitted(Evaluation e, Decision.Permit permit) {
    Instant now = clock.instant();
    List<AgentId> agents = new ArrayList<>(e.task.delegationChain());
    agents.add(e.call.agent());
    for (AgentId a : agents) {
      Optional<AgentIdentity> identity = identities.find(a);
      Optional<ReasonCode> problem = identity.isEmpty() ? Optional.of(ReasonCode.UNKNOWN_IDENTITY) : IdentityChecks.denialReason(identity.get(), now);
      if (problem.isPresent()) {
        return recordFollowUp(e, problem.get(), "agent '" + a + "' may no longer act after the approval", AuditEvent.Outcome.DENIED);
      }
    }
    if (!e.task.isOpenAt(now)) {
      return recordFollowUp(e, ReasonCode.TASK_CLOSED, "task '" + e.task.taskId() + "' ended while waiting for approval", AuditEvent.Outcome.DENIED);
    }
    return withCredential(e, permit);
  }

  /** Leases the call's credential when its tool needs one; a failure becomes a recorded denial. */
  private Decision withCredential(Evaluation e, Decision.Permit permit) {
    if (!e.tool.credentialRequired() || e.credential != null) {
      return permit;
    }
    try {
      e.credential = lease(e, permit);
      return permit;
    } catch (RuntimeException ex) {
      return recordFollowUp(e, ReasonCode.CREDENTIAL_UNAVAILABLE, "no credential: " + ex.getMessage(), AuditEvent.Outcome.DENIED);
    }
  }

  private Decision escalate(Evaluation e, Decision.Escalate escalation) {
    ApprovalRequest request;
    try {
      request = approvals.submit(e.request, escalation);
    } catch (ApprovalRateLimitedException ex) {
      return recordFollowUp(e, ReasonCode.APPROVAL_RATE_LIMITED, ex.getMessage(), AuditEvent.Outcome.DENIED);
    } catch (ApprovalException ex) {
      return recordFollowUp(e, ReasonCode.APPROVAL_REJECTED, "the approval request was refused: " + ex.getMessage(), AuditEvent.Outcome.REJECTED);
    } catch (RuntimeException ex) {
      log.error("Approval service failed; denying call {}", e.call.callId(), ex);
      return recordFollowUp(e, ReasonCode.INTERNAL_ERROR, "the approval service failed", AuditEvent.Outcome.DENIED);
    }
    auditOutcome(e, AuditEvent.Outcome.ESCALATED, 0, "", mapOf("approvalRequest", request.requestId(), "approver", request.approver()));
    if (escalationMode == EscalationMode.PENDING) {
      return deny(e, ReasonCode.APPROVAL_PENDING, escalation.ruleIds(), "Waiting for approval request " + request.requestId() + " by '" + SafeText.quote(request.approver()) + "'");
    }
    ApprovalStatus status;
    try {
      status = approvals.await(request.requestId(), approvalTimeout);
    } catch (RuntimeException ex) {
      status = ApprovalStatus.EXPIRED;
    }
    if (status == ApprovalStatus.APPROVED
        && approvals.consume(e.call.agent(), e.call.taskId(), e.call.toolName(), e.arguments.digest()).isPresent()) {
      Decision.Permit permit = approvedPermit(e, escalation, request.requestId());
      auditOutcome(e, AuditEvent.Outcome.APPROVED, 0, "", mapOf("approvalRequest", request.requestId()));
      return permit;
    }
    ReasonCode code = status == ApprovalStatus.REJECTED ? ReasonCode.APPROVAL_REJECTED : ReasonCode.APPROVAL_EXPIRED;
    return recordFollowUp(
        e, code, "approval request " + request.requestId() + " ended " + status, status == ApprovalStatus.REJECTED ? AuditEvent.Outcome.REJECTED : AuditEvent.Outcome.EXPIRED);
  }

  private Decision.Permit shadowPermit(Evaluation e, Decision enforcedWouldBe) {
    auditOutcome(e, AuditEvent.Outcome.PERMITTED, 0, "", mapOf("shadow", "not enforced: " + enforcedWouldBe.kind() + " " + enforcedWouldBe.reasonCode()));
    log.debug("Shadow mode: not enforcing {} for call {}", enforcedWouldBe.reasonCode(), e.call.callId());
    return new Decision.Permit(
        enforcedWouldBe.decisionId(),
        enforcedWouldBe.reasonCode(),
        enforcedWouldBe.ruleIds(),
        enforcedWouldBe.obligations(),
        List.of(),
        enforcedWouldBe.policyId(),
        enforcedWouldBe.policyVersion(),
        e.arguments.digest(),
        enforcedWouldBe.delegationChain(),
        "SHADOW MODE, NOT ENFORCED: " + enforcedWouldBe.explanation());
  }

  private ToolResult refuse(ToolCall call, Decision decision) {
    ToolResult result = denialHandler.onDenied(call, decision);
    return result == null ? ToolResult.error(DenialHandler.refusalText(call, decision)) : result;
  }

  private ToolResult run(Evaluation e, Decision.Permit permit, ToolInvocation next) {
    IssuedCredential credential = e.credential;
    String leaseId = credential == null ? "" : credential.lease().leaseId();
    long start = System.nanoTime();
    try {
      ToolResult result = next.proceed(new AuthorizedCall(e.call, e.tool, e.arguments, permit, credential));
      if (result == null) {
        result = ToolResult.error("The tool returned no result");
      }
      e.task.recordCall(e.tool.name(), e.tool.destination(), e.tool.dataClasses(), amounts(e.tool, e.arguments));
      e.task.recordOutput(result.text(), e.tool.untrustedOutput());
      auditOutcome(e, result.isError() ? AuditEvent.Outcome.FAILED : AuditEvent.Outcome.EXECUTED, System.nanoTime() - start, leaseId, Map.of());
      return result;
    } catch (RuntimeException | Error ex) {
      auditOutcome(e, AuditEvent.Outcome.FAILED, System.nanoTime() - start, leaseId, mapOf("error", ex.getClass().getName()));
      throw ex;
    } finally {
      if (credential != null) {
        try {
          vault.revoke(leaseId);
        } finally {
          credential.destroy();
        }
      }
    }
  }

  private IssuedCredential lease(Evaluation e, Decision.Permit permit) {
    Duration ttl = permit.obligations().ttlCap().orElse(callCredentialTtl);
    if (ttl.compareTo(callCredentialTtl) > 0) {
      ttl = callCredentialTtl;
    }
    Instant notAfter = e.task.deadline();
    return vault.lease(
        new LeaseRequest(
            e.call.agent(),
            e.call.taskId(),
            e.tool.destination(),
            Set.of(e.tool.action().name().toLowerCase(Locale.ROOT) + ":" + e.tool.name()),
            e.tool.action(),
            ttl,
            permit.obligations().credentialTtlCap(),
            notAfter,
            e.task.delegationChain(),
            e.arguments.digest()));
  }

  private static Map<String, BigDecimal> amounts(ToolDescriptor tool, CanonicalArguments args) {
    Map<String, BigDecimal> out = new HashMap<>();
    tool.argumentRoles().forEach(
        (name, role) -> {
          if (role == ArgumentRole.AMOUNT) {
            args.get(name).filter(BigDecimal.class::isInstance).ifPresent(v -> out.put(name, (BigDecimal) v));
          }
        });
    return out;
  }

  /**
   * Runs {@code body} holding the read lock of the calling agent and of every agent up its
   * delegation chain, so that a revocation (which takes the write lock) is ordered entirely before
   * or entirely after the decision, its audit record and its credential lease.
   */
  private <T> T underChainLocks(ToolCall call, java.util.function.Supplier<T> body) {
    GuardTask task = tasks.get(call.taskId());
    List<AgentId> chain = task == null ? List.of() : task.delegationChain();
    List<Lock> locks = new ArrayList<>(chain.size() + 1);
    for (AgentId a : chain) {
      locks.add(lockOf(a).readLock());
    }
    locks.add(lockOf(call.agent()).readLock());
    locks.forEach(Lock::lock);
    try {
      return body.get();
    } finally {
      for (int i = locks.size() - 1; i >= 0; i--) {
        locks.get(i).unlock();
      }
    }
  }

  /** The steps before the policy, and the policy itself; the caller holds the chain's read locks. */
  private Evaluation evaluate(ToolCall call, boolean useApprovals) {
    Evaluation e = new Evaluation(call);
    if (!ToolNames.isWellFormed(call.toolName())) {
      e.decision = deny(e, ReasonCode.MALFORMED_TOOL_NAME, List.of(), ToolNames.problem(call.toolName()));
      return e;
    }
    try {
      evaluateLocked(e, tasks.get(call.taskId()), useApprovals);
    } catch (RuntimeException ex) {
      log.error("Guard failure while deciding call {}; denying", SafeText.quote(call.callId()), ex);
      e.decision = deny(e, ReasonCode.INTERNAL_ERROR, List.of(), "the guard failed while deciding: " + ex.getClass().getSimpleName());
    }
    return e;
  }

  private void evaluateLocked(Evaluation e, GuardTask task, boolean useApprovals) {
    ToolCall call = e.call;
    Instant now = clock.instant();
    Optional<AgentIdentity> found = identities.find(call.agent());
    if (found.isEmpty()) {
      e.decision = deny(e, ReasonCode.UNKNOWN_IDENTITY, List.of(), "agent '" + call.agent() + "' is not registered");
      return;
    }
    AgentIdentity identity = found.get();
    e.identity = identity;
    Optional<ReasonCode> identityProblem = IdentityChecks.denialReason(identity, now);
    if (identityProblem.isPresent()) {
      e.decision = deny(e, identityProblem.get(), List.of(), IdentityChecks.explain(identity, now));
      return;
    }
    if (task == null) {
      e.decision = deny(e, ReasonCode.UNKNOWN_TASK, List.of(), "task '" + SafeText.quote(call.taskId()) + "' is not known; start one with NhiGuard.startTask");
      return;
    }
    e.task = task;
    if (!task.agent().equals(call.agent())) {
      e.decision = deny(e, ReasonCode.TASK_AGENT_MISMATCH, List.of(), "task '" + task.taskId() + "' belongs to '" + task.agent() + "', not '" + call.agent() + "'");
      return;
    }
    if (task.state() == GuardTask.State.LOW_CONFIDENCE) {
      e.decision = deny(e, ReasonCode.CONFIDENCE_BELOW_THRESHOLD, List.of(), "task confidence " + task.confidence() + " fell below " + task.confidenceThreshold());
      return;
    }
    if (task.state() == GuardTask.State.CLOSED) {
      e.decision = deny(e, ReasonCode.TASK_CLOSED, List.of(), "task '" + task.taskId() + "' is closed");
      return;
    }
    if (!now.isBefore(task.deadline())) {
      task.closeBecause(GuardTask.State.CLOSED);
      e.decision = deny(e, ReasonCode.TASK_DEADLINE_PASSED, List.of(), "task '" + task.taskId() + "' passed its deadline " + task.deadline());
      return;
    }
    for (AgentId ancestor : task.delegationChain()) {
      Optional<AgentIdentity> a = identities.find(ancestor);
      Optional<ReasonCode> problem = a.isEmpty() ? Optional.of(ReasonCode.UNKNOWN_IDENTITY) : IdentityChecks.denialReason(a.get(), now);
      if (problem.isPresent()) {
        e.decision = deny(e, ReasonCode.DELEGATION_INVALID, List.of(), "delegating agent '" + ancestor + "' may no longer act (" + problem.get() + ")");
        return;
      }
    }
    PolicyDecisionPoint pdp = policy.get();
    if (pdp == null) {
      e.decision = deny(e, ReasonCode.NO_POLICY, List.of(), "no policy is loaded; every call is denied");
      return;
    }
    e.policy = pdp;
    Optional<ToolDescriptor> tool = pdp.tool(call.toolName());
    if (tool.isEmpty()) {
      e.decision = deny(e, ReasonCode.UNKNOWN_TOOL, List.of(), "tool '" + call.toolName() + "' is not in the catalogue of policy '" + pdp.policyId() + "'");
      return;
    }
    e.tool = tool.get();
    try {
      e.arguments = ArgumentCanonicalizer.parse(call.argumentsJson(), e.tool);
    } catch (MalformedArgumentsException ex) {
      e.decision = deny(e, ReasonCode.MALFORMED_ARGUMENTS, List.of(), ex.getMessage());
      return;
    }
    Optional<String> scopeProblem = task.delegation().flatMap(d -> scopeProblem(d, e.tool, e.arguments));
    if (scopeProblem.isPresent()) {
      e.decision = deny(e, ReasonCode.DELEGATION_SCOPE_EXCEEDED, List.of(), scopeProblem.get());
      return;
    }
    e.request = new AuthorizationRequest(call, e.tool, e.arguments, identity, task, now);
    e.shadowable = true;
    Decision decision = decideSafely(pdp, e.request);
    if (decision.isPermitted() || decision instanceof Decision.Escalate) {
      Optional<String> ancestorProblem = ancestorsPermit(pdp, task, e, now);
      if (ancestorProblem.isPresent()) {
        e.decision = deny(e, ReasonCode.DELEGATION_SCOPE_EXCEEDED, decision.ruleIds(), ancestorProblem.get());
        return;
      }
    }
    if (useApprovals && decision instanceof Decision.Escalate) {
      Optional<ApprovalRequest> approved =
          approvals.consume(call.agent(), call.taskId(), call.toolName(), e.arguments.digest());
      if (approved.isPresent()) {
        decision = approvedPermit(e, (Decision.Escalate) decision, approved.get().requestId());
      }
    }
    e.decision = decision;
  }

  private static Optional<String> scopeProblem(Delegation d, ToolDescriptor tool, CanonicalArguments args) {
    DelegationScope scope = d.effectiveScope();
    if (!scope.allowsTool(tool.name())) {
      return Optional.of("tool '" + tool.name() + "' is outside the delegated tools " + scope.tools());
    }
    if (!scope.allowsDestination(tool.destination())) {
      return Optional.of("destination '" + tool.destination() + "' is outside the delegated destinations " + scope.destinations());
    }
    for (Map.Entry<String, ArgumentRole> role : tool.argumentRoles().entrySet()) {
      if (role.getValue() == ArgumentRole.AMOUNT) {
        Optional<Object> v = args.get(role.getKey());
        if (v.isPresent() && v.get() instanceof BigDecimal && !scope.allowsAmount((BigDecimal) v.get())) {
          return Optional.of(
              "amount '" + role.getKey() + "' = " + ((BigDecimal) v.get()).toPlainString() + " exceeds the delegated maximum " + scope.maxAmount().toPlainString());
        }
      }
    }
    return Optional.empty();
  }

  /** Effective authority of a delegate = its own policy ∩ every ancestor's: each ancestor must be permitted the same call. */
  private Optional<String> ancestorsPermit(PolicyDecisionPoint pdp, GuardTask task, Evaluation e, Instant now) {
    GuardTask ancestorTask = task.parent().orElse(null);
    while (ancestorTask != null) {
      Optional<AgentIdentity> ancestor = identities.find(ancestorTask.agent());
      if (ancestor.isEmpty()) {
        return Optional.of("delegating agent '" + ancestorTask.agent() + "' is unknown");
      }
      ToolCall asAncestor = new ToolCall(e.call.callId(), ancestorTask.agent(), ancestorTask.taskId(), e.call.toolName(), e.call.argumentsJson());
      Decision d = decideSafely(pdp, new AuthorizationRequest(asAncestor, e.tool, e.arguments, ancestor.get(), ancestorTask, now));
      if (d instanceof Decision.Deny) {
        return Optional.of(
            "delegating agent '" + ancestorTask.agent() + "' is not permitted this call itself (" + d.reasonCode() + "); a delegate never exceeds its parent");
      }
      ancestorTask = ancestorTask.parent().orElse(null);
    }
    return Optional.empty();
  }

  private static Decision decideSafely(PolicyDecisionPoint pdp, AuthorizationRequest request) {
    try {
      Decision d = pdp.decide(request);
      if (d == null) {
        return errorDeny(pdp, request, "the policy returned no decision");
      }
      if ((d.isPermitted() || d instanceof Decision.Escalate) && !d.argumentDigest().equals(request.arguments().digest())) {
        return errorDeny(pdp, request, "the policy's decision is bound to other arguments");
      }
      return d;
    } catch (RuntimeException ex) {
      return errorDeny(pdp, request, ex.getClass().getSimpleName() + " while evaluating");
    }
  }

  private static Decision errorDeny(PolicyDecisionPoint pdp, AuthorizationRequest request, String why) {
    return new Decision.Deny(
        newId("dec"),
        ReasonCode.RULE_EVALUATION_ERROR,
        List.of(),
        Obligations.NONE,
        List.of(new RuleError("<policy>", why)),
        pdp.policyId(),
        pdp.versionDigest(),
        request.arguments().digest(),
        request.task().delegationChain(),
        "Denied: " + why + " (fail closed)");
  }

  private Decision.Permit approvedPermit(Evaluation e, Decision.Escalate escalation, String requestId) {
    return new Decision.Permit(
        newId("dec"),
        ReasonCode.PERMITTED_BY_APPROVAL,
        escalation.ruleIds(),
        escalation.obligations(),
        List.of(),
        escalation.policyId(),
        escalation.policyVersion(),
        e.arguments.digest(),
        escalation.delegationChain(),
        "Permitted by approval " + requestId + " of an escalated call (" + String.join(", ", escalation.ruleIds()) + ")");
  }

  private Decision deny(Evaluation e, ReasonCode code, List<String> rules, String explanation) {
    PolicyDecisionPoint p = e.policy != null ? e.policy : policy.get();
    return new Decision.Deny(
        newId("dec"),
        code,
        rules,
        Obligations.NONE,
        List.of(),
        p == null ? "none" : p.policyId(),
        p == null ? "none" : p.versionDigest(),
        e.arguments == null ? "" : e.arguments.digest(),
        e.task == null ? List.of() : e.task.delegationChain(),
        "Denied (" + code + "): " + explanation);
  }

  // ---------------------------------------------------------------- audit

  /** Records the decision; if the record cannot be written the call is denied instead. */
  private Evaluation record(Evaluation e, long startNanos) {
    try {
      audit.append(decisionEvent(e, e.decision, System.nanoTime() - startNanos, AuditEvent.Outcome.NONE, Map.of()));
    } catch (RuntimeException ex) {
      log.error("Audit log failed; denying call {} (fail closed)", SafeText.quote(e.call.callId()), ex);
      e.decision = deny(e, ReasonCode.AUDIT_UNAVAILABLE, List.of(), "the audit log could not record the decision");
      e.shadowable = false;
    }
    return e;
  }

  private Decision recordFollowUp(Evaluation e, ReasonCode code, String why, AuditEvent.Outcome outcome) {
    Decision d = deny(e, code, e.decision.ruleIds(), why);
    try {
      audit.append(decisionEvent(e, d, 0, outcome, Map.of()));
    } catch (RuntimeException ex) {
      log.error("Audit log failed while recording a denial of call {}", SafeText.quote(e.call.callId()), ex);
    }
    return d;
  }

  private void auditOutcome(Evaluation e, AuditEvent.Outcome outcome, long nanos, String leaseId, Map<String, String> details) {
    try {
      audit.append(
          callEvent(AuditEvent.Type.OUTCOME, clock.instant(), e, e.decision)
              .leaseId(leaseId)
              .outcome(outcome)
              .durationNanos(Math.max(0, nanos))
              .details(details)
              .build());
    } catch (RuntimeException ex) {
      if (outcome == AuditEvent.Outcome.PERMITTED || outcome == AuditEvent.Outcome.ESCALATED || outcome == AuditEvent.Outcome.APPROVED) {
        throw new AuditFailureException("The audit log could not record the " + outcome + " outcome; the call does not run", ex);
      }
      log.error("Audit log failed while recording the {} outcome of call {}", outcome, SafeText.quote(e.call.callId()), ex);
    }
  }

  private AuditEvent decisionEvent(Evaluation e, Decision d, long nanos, AuditEvent.Outcome outcome, Map<String, String> details) {
    Map<String, String> obligations = new LinkedHashMap<>();
    d.obligations().ttlCap().ifPresent(t -> obligations.put("credentialTtlCap", t.toString()));
    if (!d.obligations().redactedArguments().isEmpty()) {
      obligations.put("redact", String.join(",", new java.util.TreeSet<>(d.obligations().redactedArguments())));
    }
    if (d.obligations().approver() != null) {
      obligations.put("approver", d.obligations().approver());
    }
    List<String> errors = new ArrayList<>();
    d.errors().forEach(err -> errors.add(err.ruleId() + ": " + err.message()));
    return callEvent(AuditEvent.Type.DECISION, e.request != null ? e.request.time() : clock.instant(), e, d)
        .arguments(e.arguments == null ? "" : Redactor.redact(e.arguments, e.tool, d.obligations()))
        .facts(e.request == null ? "" : RequestFacts.of(e.request))
        .policyId(d.policyId())
        .policyVersion(d.policyVersion())
        .ruleIds(d.ruleIds())
        .errors(errors)
        .obligations(obligations)
        .outcome(outcome)
        .durationNanos(Math.max(0, nanos))
        .details(details)
        .build();
  }

  /** The fields every record about one call shares: who, which task, which tool, which decision. */
  private AuditEvent.Builder callEvent(AuditEvent.Type type, Instant at, Evaluation e, Decision d) {
    return AuditEvent.builder(type, at)
        .decisionId(d.decisionId())
        .callId(e.call.callId())
        .agent(e.call.agent().value())
        .owner(e.identity == null ? "" : e.identity.owner().id())
        .taskId(e.call.taskId())
        .delegationChain(e.task == null ? List.of() : chainStrings(e.task.delegationChain()))
        .toolName(e.call.toolName())
        .argumentDigest(e.arguments == null ? "" : e.arguments.digest())
        .decision(d.kind())
        .reasonCode(d.reasonCode().name())
        .enforced(!shadow);
  }

  private static List<String> chainStrings(List<AgentId> chain) {
    List<String> out = new ArrayList<>(chain.size());
    chain.forEach(a -> out.add(a.value()));
    return out;
  }

  private void auditTask(GuardTask task, String what, Instant at) {
    audit.append(
        AuditEvent.builder(AuditEvent.Type.TASK, at)
            .agent(task.agent().value())
            .taskId(task.taskId())
            .delegationChain(chainStrings(task.delegationChain()))
            .details(mapOf("event", what, "requester", task.requester(), "deadline", task.deadline().toString()))
            .build());
  }

  // ---------------------------------------------------------------- helpers

  private AgentIdentity requireActing(AgentId agent, Instant now) {
    AgentIdentity identity =
        identities.find(agent).orElseThrow(() -> new IllegalArgumentException("Agent '" + agent + "' is not registered; register it first"));
    Optional<ReasonCode> problem = IdentityChecks.denialReason(identity, now);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(IdentityChecks.explain(identity, now));
    }
    return identity;
  }

  private ReentrantReadWriteLock lockOf(AgentId agent) {
    return agentLocks.computeIfAbsent(agent, a -> new ReentrantReadWriteLock());
  }

  static String newId(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static Map<String, String> mapOf(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /**
   * Closes every open task (revoking their credentials) and flushes and closes the audit log.
   */
  @Override
  public void close() {
    for (GuardTask t : tasks.values()) {
      t.close();
    }
    audit.close();
  }

  /** The working state of one decision. Confined to the deciding thread. */
  private static final class Evaluation {
    final ToolCall call;
    AgentIdentity identity;
    GuardTask task;
    PolicyDecisionPoint policy;
    ToolDescriptor tool;
    CanonicalArguments arguments;
    AuthorizationRequest request;
    Decision decision;
    boolean shadowable;
    IssuedCredential credential;

    Evaluation(ToolCall call) {
      this.call = call;
    }
  }

  /**
   * Builds {@link NhiGuard}. Not thread-safe; the guard is. Each option may be set once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock;
    private PolicyDecisionPoint policy;
    private IdentityRegistry identities;
    private CredentialVault vault;
    private ApprovalService approvals;
    private AuditLog audit;
    private DenialHandler denialHandler;
    private EscalationMode escalationMode;
    private Duration approvalTimeout;
    private boolean shadow;
    private boolean shadowSet;
    private Duration callCredentialTtl;
    private Integer maxDelegationDepth;

    private Builder() {}

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /**
     * Sets the clock for TTLs, deadlines and audit times (default {@link Clock#systemUTC()}).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      once(clock, "clock");
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the policy (default none: every call is denied with {@link ReasonCode#NO_POLICY}).
     *
     * @param value the compiled policy
     * @return this builder
     */
    public Builder policy(PolicyDecisionPoint value) {
      once(policy, "policy");
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /**
     * Sets the identity registry (default: a new {@link InMemoryIdentityRegistry} on the guard's
     * clock).
     *
     * @param value the registry
     * @return this builder
     */
    public Builder identities(IdentityRegistry value) {
      once(identities, "identities");
      this.identities = Objects.requireNonNull(value, "identities");
      return this;
    }

    /**
     * Sets the credential vault (default: a new {@link InMemoryCredentialVault} on the guard's
     * clock).
     *
     * @param value the vault
     * @return this builder
     */
    public Builder vault(CredentialVault value) {
      once(vault, "vault");
      this.vault = Objects.requireNonNull(value, "vault");
      return this;
    }

    /**
     * Sets the approval service (default: a new {@link InMemoryApprovalService} on the guard's
     * clock, approvals by each agent's owner).
     *
     * @param value the service
     * @return this builder
     */
    public Builder approvals(ApprovalService value) {
      once(approvals, "approvals");
      this.approvals = Objects.requireNonNull(value, "approvals");
      return this;
    }

    /**
     * Sets the audit log (default: an {@link AuditLog} on the guard's clock writing to an {@link
     * InMemoryAuditSink}).
     *
     * @param value the log
     * @return this builder
     */
    public Builder auditLog(AuditLog value) {
      once(audit, "auditLog");
      this.audit = Objects.requireNonNull(value, "auditLog");
      return this;
    }

    /**
     * Sets what happens to a refused call (default {@link DenialHandler#throwing()}).
     *
     * @param value the handler
     * @return this builder
     */
    public Builder denialHandler(DenialHandler value) {
      once(denialHandler, "denialHandler");
      this.denialHandler = Objects.requireNonNull(value, "denialHandler");
      return this;
    }

    /**
     * Answers escalated calls at once with {@link ReasonCode#APPROVAL_PENDING} (the default); the
     * call can be retried with the same arguments once a human approved it.
     *
     * @return this builder
     */
    public Builder escalationPending() {
      once(escalationMode, "escalation mode");
      this.escalationMode = EscalationMode.PENDING;
      return this;
    }

    /**
     * Blocks an escalated call until a human decides or {@code timeout} passes (then it is denied
     * with {@link ReasonCode#APPROVAL_EXPIRED}).
     *
     * @param timeout the longest wait; positive, at most 1 hour
     * @return this builder
     */
    public Builder escalationBlocking(Duration timeout) {
      once(escalationMode, "escalation mode");
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("approval timeout must be within (0, PT1H], but was " + timeout);
      }
      this.escalationMode = EscalationMode.BLOCKING;
      this.approvalTimeout = timeout;
      return this;
    }

    /**
     * <b>Warning: the guard then does not enforce policy decisions.</b> Shadow mode evaluates and
     * records every call, but runs calls the policy denies or escalates, recording them as not
     * enforced; use it only to tune a new policy against real traffic. Checks before the policy
     * (malformed names or arguments, unknown identity, task or tool, lifecycle) still refuse.
     *
     * @return this builder
     */
    public Builder shadowModeWithoutEnforcement() {
      if (shadowSet) {
        throw new IllegalStateException("shadow mode was already set");
      }
      this.shadowSet = true;
      this.shadow = true;
      return this;
    }

    /**
     * Sets the TTL of per-call credentials when the policy sets no shorter cap (default 60 s);
     * the vault may shorten it further.
     *
     * @param value the TTL; positive, at most 15 minutes
     * @return this builder
     */
    public Builder callCredentialTtl(Duration value) {
      once(callCredentialTtl, "callCredentialTtl");
      Objects.requireNonNull(value, "callCredentialTtl");
      if (value.isZero() || value.isNegative() || value.compareTo(Duration.ofMinutes(15)) > 0) {
        throw new IllegalArgumentException("callCredentialTtl must be within (0, PT15M], but was " + value);
      }
      this.callCredentialTtl = value;
      return this;
    }

    /**
     * Sets the longest delegation chain (default 3).
     *
     * @param value the depth, 1 to {@link DelegationScope#MAX_DEPTH}
     * @return this builder
     */
    public Builder maxDelegationDepth(int value) {
      once(maxDelegationDepth, "maxDelegationDepth");
      if (value < 1 || value > DelegationScope.MAX_DEPTH) {
        throw new IllegalArgumentException("maxDelegationDepth must be within [1, " + DelegationScope.MAX_DEPTH + "], but was " + value);
      }
      this.maxDelegationDepth = value;
      return this;
    }

    /**
     * Builds the guard.
     *
     * @return the guard
     * @throws IllegalStateException if a required part is missing
     */
    public NhiGuard build() {
      if (clock == null) {
        clock = Clock.systemUTC();
      }
      if (identities == null) {
        identities = InMemoryIdentityRegistry.of(clock);
      }
      if (vault == null) {
        vault = InMemoryCredentialVault.builder().clock(clock).build();
      }
      if (approvals == null) {
        approvals = InMemoryApprovalService.builder().clock(clock).identityRegistry(identities).build();
      }
      if (audit == null) {
        audit = AuditLog.builder().clock(clock).sink(new InMemoryAuditSink()).build();
      }
      if (denialHandler == null) {
        denialHandler = DenialHandler.throwing();
      }
      if (escalationMode == null) {
        escalationMode = EscalationMode.PENDING;
      }
      if (callCredentialTtl == null) {
        callCredentialTtl = Duration.ofSeconds(60);
      }
      if (maxDelegationDepth == null) {
        maxDelegationDepth = 3;
      }
      return new NhiGuard(this);
    }
  }
}
