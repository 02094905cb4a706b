package io.nhiguard.core.approval;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ApprovalException;
import io.nhiguard.api.ApprovalRateLimitedException;
import io.nhiguard.api.ApprovalRequest;
import io.nhiguard.api.ApprovalStatus;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.spi.ApprovalService;
import io.nhiguard.api.spi.IdentityRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default {@link ApprovalService}: approval requests held in memory.
 *
 * <p><b>Rules.</b>
 *
 * <ul>
 *   <li>A request is bound to the agent, task, tool and SHA-256 argument digest of the escalated
 *       call. {@link #consume(AgentId, String, String, String)} succeeds only for an exact match of
 *       all four (strings compared with {@link String#equals}), only once, and only before the
 *       request expires: changed arguments need a new approval.
 *   <li>The designated approver is the principal the policy named, or the agent's owner ({@link
 *       #defaultApprover(AgentIdentity)}) when it named {@code "owner"}. Only that principal, by
 *       exact string equality, may approve or reject.
 *   <li>No agent can approve: an approver equal to the requesting agent's SPIFFE ID or to any
 *       SPIFFE ID in its delegation chain (compared ignoring surrounding white space and case) is
 *       refused as self-approval, and any other approver that contains a SPIFFE ID ({@code spiffe:})
 *       is refused because approvals come from humans; this also covers the agent's own delegates.
 *       Both are refused when submitting (a policy that names such an approver is misconfigured)
 *       and again when approving or rejecting.
 *   <li>Requests expire {@linkplain Builder#requestTtl(Duration) a fixed time} after they are
 *       made, measured on the injected clock; expiry is half-open ({@code now >= expiresAt} has
 *       expired). A pending or approved-but-unused request past its expiry becomes {@code EXPIRED}
 *       when next touched by any method, when {@link #expireOverdue()} runs, or, if {@linkplain
 *       Builder#expireInBackground(boolean) enabled}, when a background check fires at its expiry.
 *   <li>A {@link #await(String, Duration) blocking wait} that times out expires the request: a
 *       late approval cannot revive a call that was already denied.
 *   <li>Submitting is idempotent: a pending or approved, unused and unexpired request for the same
 *       agent, task, tool, digest and approver is returned instead of a new one.
 *   <li>Each agent may have at most {@link Builder#rateLimit(int, Duration) N} requests that are
 *       pending or were made within the rate window (defaults: {@value
 *       #DEFAULT_MAX_REQUESTS_PER_WINDOW} per {@link #DEFAULT_RATE_WINDOW}); more throw {@link
 *       ApprovalRateLimitedException}. This protects approvers from approval fatigue (OWASP Agentic
 *       ASI09).
 * </ul>
 *
 * <p><b>Listeners</b> receive a snapshot of a request each time it is created, approved, rejected,
 * expired or consumed, synchronously, in registration order and in the order the changes were
 * made. A listener that throws is logged at WARN and skipped for that change only; the change
 * stands.
 *
 * <p><b>Retention.</b> Requests that are decided (rejected, expired or consumed) are forgotten
 * after the {@linkplain Builder#retention(Duration) retention period}; {@link #find(String)} no
 * longer returns them.
 *
 * <p><b>Thread-safety.</b> This class is thread-safe and linearizable: every operation runs under
 * one lock, so exactly one of several concurrent {@code consume} calls for the same approval
 * succeeds. Waiting in {@link #await(String, Duration)} does not hold the lock; futures returned by
 * {@link #decision(String)} are completed after the lock is released.
 *
 * @since 0.1.0
 */
public final class InMemoryApprovalService implements ApprovalService {

  /** The default time a request stays answerable: 15 minutes. */
  public static final Duration DEFAULT_REQUEST_TTL = Duration.ofMinutes(15);

  /** The longest request TTL accepted: 24 hours. */
  public static final Duration MAX_REQUEST_TTL = Duration.ofHours(24);

  /** The default number of requests per agent per rate window. */
  public static final int DEFAULT_MAX_REQUESTS_PER_WINDOW = 5;

  /** The default rate window: 10 minutes. */
  public static final Duration DEFAULT_RATE_WINDOW = Duration.ofMinutes(10);

  /** The default time decided requests are kept for look-up: 24 hours. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  /** The approver name that designates the agent's owner. */
  public static final String OWNER = "owner";

  private static final Logger log = LoggerFactory.getLogger(InMemoryApprovalService.class);

  private static final Duration MIN_RECHECK = Duration.ofSeconds(1);

  private final Clock clock;
  private final Duration requestTtl;
  private final int maxRequestsPerWindow;
  private final Duration rateWindow;
  private final Duration retention;
  private final Function<AgentId, Optional<AgentIdentity>> identityResolver;
  private final boolean expireInBackground;
  private final List<Consumer<ApprovalRequest>> listeners;

  private final ReentrantLock lock = new ReentrantLock();

  /** Requests by id; guarded by {@link #lock}. */
  private final Map<String, Entry> requests = new HashMap<>();

  /** Snapshots not yet delivered to listeners; guarded by {@link #lock}. */
  private final Queue<ApprovalRequest> undelivered = new ArrayDeque<>();

  /** Whether the lock holder is delivering snapshots; guarded by {@link #lock}. */
  private boolean delivering;

  private InMemoryApprovalService(Builder b) {
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.requestTtl = b.requestTtl == null ? DEFAULT_REQUEST_TTL : b.requestTtl;
    this.maxRequestsPerWindow = b.rateWindow == null ? DEFAULT_MAX_REQUESTS_PER_WINDOW : b.maxRequests;
    this.rateWindow = b.rateWindow == null ? DEFAULT_RATE_WINDOW : b.rateWindow;
    this.retention = b.retention == null ? DEFAULT_RETENTION : b.retention;
    this.identityResolver = b.identityResolver;
    this.expireInBackground = b.expireInBackground == null || b.expireInBackground;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
  }

  /**
   * Creates a service with every default: system UTC clock, {@link #DEFAULT_REQUEST_TTL}, {@value
   * #DEFAULT_MAX_REQUESTS_PER_WINDOW} requests per {@link #DEFAULT_RATE_WINDOW}, the owner taken
   * from the escalated request's identity, background expiry on.
   *
   * @return a new service
   */
  public static InMemoryApprovalService ofDefaults() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a request for an escalated call, or returns the matching pending (or approved, unused)
   * one, and tells listeners about a new request.
   *
   * @param request the authorization request that was escalated
   * @param decision the escalation; its argument digest must equal the request's
   * @return the request, {@code PENDING} when new
   * @throws ApprovalRateLimitedException if the agent has {@link Builder#rateLimit(int, Duration)
   *     too many} pending or recent requests
   * @throws ApprovalException if the decision's digest differs from the call's, the task of the
   *     request differs from the call's, the agent's owner cannot be resolved, or the designated
   *     approver is an agent (the requester, one of its delegation chain, or any SPIFFE ID)
   * @throws NullPointerException if an argument is null
   */
  @Override
  public ApprovalRequest submit(AuthorizationRequest request, Decision.Escalate decision) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(decision, "decision");
    AgentId agent = request.call().agent();
    String digest = decision.argumentDigest();
    if (!digest.equals(request.arguments().digest())) {
      throw new ApprovalException(
          "Escalation '"
              + SafeText.quote(decision.decisionId())
              + "' is bound to argument digest "
              + SafeText.quote(digest)
              + " but the call of agent '"
              + agent
              + "' has digest "
              + request.arguments().digest()
              + "; evaluate the call again");
    }
    String taskId = request.task().taskId();
    if (!taskId.equals(request.call().taskId())) {
      throw new ApprovalException(
          "Call of agent '"
              + agent
              + "' names task '"
              + SafeText.quote(request.call().taskId())
              + "' but was decided in task '"
              + SafeText.quote(taskId)
              + "'; evaluate the call in its own task");
    }
    String toolName = request.call().toolName();
    Set<AgentId> chainSet = new LinkedHashSet<>(decision.delegationChain());
    chainSet.addAll(request.task().delegationChain());
    List<AgentId> chain = List.copyOf(chainSet);
    String approver = designatedApprover(request, decision);
    String misuse = approverMisuse(approver, agent, chain);
    if (misuse != null) {
      throw new ApprovalException(
          "The policy names approver '"
              + SafeText.quote(approver)
              + "' for tool '"
              + SafeText.quote(toolName)
              + "' of agent '"
              + agent
              + "', but "
              + misuse
              + "; name a human principal or \"owner\" in the escalate rule");
    }
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      Instant now = clock.instant();
      sweep(now, after);
      for (Entry e : requests.values()) {
        ApprovalRequest r = e.request;
        if ((r.status() == ApprovalStatus.PENDING || r.status() == ApprovalStatus.APPROVED)
            && r.agent().equals(agent)
            && r.taskId().equals(taskId)
            && r.toolName().equals(toolName)
            && r.argumentDigest().equals(digest)
            && r.approver().equals(approver)) {
          return r;
        }
      }
      Instant windowStart = now.minus(rateWindow);
      int count = 0;
      for (Entry e : requests.values()) {
        ApprovalRequest r = e.request;
        if (r.agent().equals(agent)
            && (r.status() == ApprovalStatus.PENDING || r.createdAt().isAfter(windowStart))) {
          count++;
        }
      }
      if (count >= maxRequestsPerWindow) {
        throw new ApprovalRateLimitedException(
            String.format(
                Locale.ROOT,
                "Agent '%s' has %d approval requests pending or made within %s, limit %d; wait for"
                    + " them to be answered or expire, or raise the limit with"
                    + " InMemoryApprovalService.builder().rateLimit(..)",
                agent,
                count,
                rateWindow,
                maxRequestsPerWindow));
      }
      ApprovalRequest created =
          new ApprovalRequest(
              "apr-" + UUID.randomUUID(),
              agent,
              chain,
              taskId,
              toolName,
              digest,
              decision.decisionId(),
              decision.explanation(),
              approver,
              now,
              now.plus(requestTtl),
              ApprovalStatus.PENDING,
              "");
      Entry entry = new Entry(created);
      requests.put(created.requestId(), entry);
      publish(created);
      if (expireInBackground) {
        scheduleCheck(created.requestId(), requestTtl);
      }
      return created;
    } finally {
      lock.unlock();
      runAll(after);
    }
  }

  /**
   * Waits for a request to be decided, at most {@code timeout} (real time) and never past the
   * request's expiry on the injected clock. If it is still pending afterwards, it expires.
   *
   * <p>If the waiting thread is interrupted, the wait ends, the interrupt flag is restored and the
   * current status (normally {@code PENDING}) is returned without expiring the request; a caller
   * must treat anything but {@code APPROVED} as a denial.
   *
   * @param requestId the request id
   * @param timeout the longest wait; positive
   * @return the status after the wait: {@code APPROVED}, {@code REJECTED}, {@code CONSUMED}, {@code
   *     EXPIRED} (also on timeout), or {@code PENDING} only when interrupted
   * @throws IllegalArgumentException if the request is unknown or the timeout not positive
   * @throws NullPointerException if an argument is null
   */
  @Override
  public ApprovalStatus await(String requestId, Duration timeout) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException(
          "timeout must be positive, but was " + timeout + "; pass how long a human may take to answer");
    }
    CompletableFuture<ApprovalStatus> outcome;
    Duration wait;
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      Entry e = requireKnown(requestId);
      Instant now = clock.instant();
      touch(e, now, after);
      if (e.request.status() != ApprovalStatus.PENDING) {
        return e.request.status();
      }
      outcome = e.outcome;
      Duration remaining = Duration.between(now, e.request.expiresAt());
      wait = remaining.compareTo(timeout) < 0 ? remaining : timeout;
    } finally {
      lock.unlock();
      runAll(after);
    }
    try {
      outcome.get(toNanosSaturated(wait), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // fall through: expire below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return find(requestId).map(ApprovalRequest::status).orElse(ApprovalStatus.EXPIRED);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Approval outcomes never complete exceptionally", e);
    }
    lock.lock();
    try {
      Entry e = requests.get(requestId);
      if (e == null) {
        return ApprovalStatus.EXPIRED;
      }
      Instant now = clock.instant();
      touch(e, now, after);
      if (e.request.status() == ApprovalStatus.PENDING) {
        settle(e, ApprovalStatus.EXPIRED, e.request.decidedBy(), now, after);
      }
      return e.request.status();
    } finally {
      lock.unlock();
      runAll(after);
    }
  }

  /**
   * Returns a future completed with {@code APPROVED}, {@code REJECTED} or {@code EXPIRED} when the
   * request is decided or expires. Completing or cancelling the returned future does not affect
   * the request.
   *
   * @param requestId the request id
   * @return a new future; already complete if the request is decided
   * @throws IllegalArgumentException if the request is unknown
   * @throws NullPointerException if {@code requestId} is null
   */
  @Override
  public CompletableFuture<ApprovalStatus> decision(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      Entry e = requireKnown(requestId);
      touch(e, clock.instant(), after);
      return e.outcome.copy();
    } finally {
      lock.unlock();
      runAll(after);
    }
  }

  /**
   * Approves a pending, unexpired request.
   *
   * @param requestId the request id
   * @param approver the approving principal's id; must equal the request's designated approver
   * @return the request, now {@code APPROVED}
   * @throws ApprovalException if the request is unknown or not pending (decided or expired), or the
   *     approver is an agent (self-approval, a delegate, or any SPIFFE ID) or is not the designated
   *     approver
   * @throws NullPointerException if an argument is null
   */
  @Override
  public ApprovalRequest approve(String requestId, String approver) {
    return decide(requestId, approver, ApprovalStatus.APPROVED, null);
  }

  /**
   * Rejects a pending, unexpired request.
   *
   * @param requestId the request id
   * @param approver the rejecting principal's id; must equal the request's designated approver
   * @param reason why; non-blank, available from {@link #rejectionReason(String)}
   * @return the request, now {@code REJECTED}
   * @throws ApprovalException if the request is unknown or not pending, or the approver is not
   *     allowed (see {@link #approve(String, String)})
   * @throws IllegalArgumentException if {@code reason} is blank
   * @throws NullPointerException if an argument is null
   */
  @Override
  public ApprovalRequest reject(String requestId, String approver, String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank; say why the call is rejected");
    }
    return decide(requestId, approver, ApprovalStatus.REJECTED, reason);
  }

  /**
   * Uses an approval once: atomically moves the approved, unexpired request for exactly this
   * agent, task, tool and digest to {@code CONSUMED}.
   *
   * @param agent the agent
   * @param taskId the task
   * @param toolName the tool
   * @param argumentDigest the digest of the arguments about to run
   * @return the consumed request, or empty if no approved, unexpired request matches exactly
   * @throws NullPointerException if an argument is null
   */
  @Override
  public Optional<ApprovalRequest> consume(AgentId agent, String taskId, String toolName, String argumentDigest) {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(argumentDigest, "argumentDigest");
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      Instant now = clock.instant();
      sweep(now, after);
      Entry match = null;
      for (Entry e : requests.values()) {
        ApprovalRequest r = e.request;
        if (r.status() == ApprovalStatus.APPROVED
            && r.agent().equals(agent)
            && r.taskId().equals(taskId)
            && r.toolName().equals(toolName)
            && r.argumentDigest().equals(argumentDigest)
            && (match == null || r.expiresAt().isBefore(match.request.expiresAt()))) {
          match = e;
        }
      }
      if (match == null) {
        return Optional.empty();
      }
      settle(match, ApprovalStatus.CONSUMED, match.request.decidedBy(), now, after);
      return Optional.of(match.request);
    } finally {
      lock.unlock();
      runAll(after);
    }
  }

  /**
   * Looks a request up, expiring it first if it is due.
   *
   * @param requestId the id
   * @return the request, empty if unknown or no longer retained
   * @throws NullPointerException if {@code requestId} is null
   */
  @Override
  public Optional<ApprovalRequest> find(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      Entry e = requests.get(requestId);
      if (e == null) {
        return Optional.empty();
      }
      touch(e, clock.instant(), after);
      return Optional.of(e.request);
    } finally {
      lock.unlock();
      runAll(after);
    }
  }

  /**
   * Lists the pending, unexpired requests, oldest first.
   *
   * @return a snapshot
   */
  @Override
  public List<ApprovalRequest> pending() {
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      sweep(clock.instant(), after);
      List<ApprovalRequest> out = new ArrayList<>();
      for (Entry e : requests.values()) {
        if (e.request.status() == ApprovalStatus.PENDING) {
          out.add(e.request);
        }
      }
      out.sort(Comparator.comparing(ApprovalRequest::createdAt).thenComparing(ApprovalRequest::requestId));
      return List.copyOf(out);
    } finally {
      lock.unlock();
      runAll(after);
    }
  }

  /**
   * Expires every pending or approved, unused request whose expiry has passed on the injected
   * clock, and forgets decided requests older than the retention period.
   *
   * @return the requests this call expired, oldest first
   */
  public List<ApprovalRequest> expireOverdue() {
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      return sweep(clock.instant(), after);
    } finally {
      lock.unlock();
      runAll(after);
    }
  }

  /**
   * Returns why a request was rejected.
   *
   * @param requestId the request id
   * @return the rejecting principal's reason, empty if the request is unknown or not rejected
   * @throws NullPointerException if {@code requestId} is null
   */
  public Optional<String> rejectionReason(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    lock.lock();
    try {
      Entry e = requests.get(requestId);
      return e == null ? Optional.empty() : Optional.ofNullable(e.rejectionReason);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds a listener for request changes; see the class documentation for ordering and failure
   * isolation.
   *
   * @param listener receives a snapshot after each change
   * @throws NullPointerException if {@code listener} is null
   */
  public void addListener(Consumer<ApprovalRequest> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private ApprovalRequest decide(String requestId, String approver, ApprovalStatus outcome, String reason) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(approver, "approver");
    String verb = outcome == ApprovalStatus.APPROVED ? "approve" : "reject";
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      Entry e = requests.get(requestId);
      if (e == null) {
        throw new ApprovalException(
            "Approval request '"
                + SafeText.quote(requestId)
                + "' is unknown or no longer retained; ask for a new escalation");
      }
      Instant now = clock.instant();
      touch(e, now, after);
      ApprovalRequest r = e.request;
      String misuse = approverMisuse(approver, r.agent(), r.delegationChain());
      if (misuse != null) {
        throw new ApprovalException(
            "'" + SafeText.quote(approver) + "' cannot " + verb + " request '" + r.requestId() + "': " + misuse);
      }
      if (!approver.equals(r.approver())) {
        throw new ApprovalException(
            "'"
                + SafeText.quote(approver)
                + "' cannot "
                + verb
                + " request '"
                + r.requestId()
                + "': only the designated approver '"
                + SafeText.quote(r.approver())
                + "' may decide it");
      }
      if (r.status() != ApprovalStatus.PENDING) {
        throw new ApprovalException(
            "Request '"
                + r.requestId()
                + "' is "
                + r.status()
                + (r.status() == ApprovalStatus.EXPIRED ? " (expired at " + r.expiresAt() + ")" : "")
                + ", expected PENDING; only a pending request can be decided, the agent must escalate again");
      }
      if (reason != null) {
        e.rejectionReason = reason;
      }
      settle(e, outcome, approver, now, after);
      return e.request;
    } finally {
      lock.unlock();
      runAll(after);
    }
  }

  private String designatedApprover(AuthorizationRequest request, Decision.Escalate decision) {
    String named = decision.approver();
    if (!OWNER.equals(named)) {
      return named;
    }
    AgentId agent = request.call().agent();
    AgentIdentity identity;
    if (identityResolver == null) {
      identity = request.identity();
    } else {
      Optional<AgentIdentity> resolved;
      try {
        resolved = Objects.requireNonNull(identityResolver.apply(agent), "identity resolver result");
      } catch (RuntimeException e) {
        throw new ApprovalException(
            "Cannot find the owner of agent '" + agent + "' to route its approval: the identity resolver failed", e);
      }
      identity =
          resolved.orElseThrow(
              () ->
                  new ApprovalException(
                      "Agent '" + agent + "' is not a registered identity; no owner can approve its call"));
    }
    return defaultApprover(identity);
  }

  /** Returns why an approver is an agent, or null if it may be a human. */
  private static String approverMisuse(String approver, AgentId agent, List<AgentId> chain) {
    String folded = approver.strip().toLowerCase(Locale.ROOT);
    if (folded.equals(agent.value().toLowerCase(Locale.ROOT))) {
      return "it is the requesting agent itself; an agent can never approve its own request (self-approval)";
    }
    for (AgentId link : chain) {
      if (folded.equals(link.value().toLowerCase(Locale.ROOT))) {
        return "it is '"
            + link
            + "' in the delegation chain of agent '"
            + agent
            + "'; an agent's delegators and delegates can never approve its request (self-approval)";
      }
    }
    if (folded.contains("spiffe:")) {
      return "it is a workload (SPIFFE) identity; approvals must come from a human principal";
    }
    return null;
  }

  private Entry requireKnown(String requestId) {
    Entry e = requests.get(requestId);
    if (e == null) {
      throw new IllegalArgumentException(
          "Approval request '" + SafeText.quote(requestId) + "' is unknown or no longer retained");
    }
    return e;
  }

  /** Expires one entry if due. Lock held. */
  private void touch(Entry e, Instant now, List<Runnable> after) {
    ApprovalStatus s = e.request.status();
    if ((s == ApprovalStatus.PENDING || s == ApprovalStatus.APPROVED) && !now.isBefore(e.request.expiresAt())) {
      settle(e, ApprovalStatus.EXPIRED, e.request.decidedBy(), now, after);
    }
  }

  /** Expires every due entry and forgets old decided ones. Lock held. */
  private List<ApprovalRequest> sweep(Instant now, List<Runnable> after) {
    List<ApprovalRequest> expired = new ArrayList<>();
    Instant forgetBefore = now.minus(retention);
    for (Iterator<Entry> it = requests.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      ApprovalStatus before = e.request.status();
      touch(e, now, after);
      if (before != ApprovalStatus.EXPIRED && e.request.status() == ApprovalStatus.EXPIRED) {
        expired.add(e.request);
      }
      if (e.settledAt != null && isFinal(e.request.status()) && e.settledAt.isBefore(forgetBefore)) {
        it.remove();
      }
    }
    expired.sort(Comparator.comparing(ApprovalRequest::createdAt).thenComparing(ApprovalRequest::requestId));
    return expired;
  }

  private static boolean isFinal(ApprovalStatus s) {
    return s == ApprovalStatus.REJECTED || s == ApprovalStatus.EXPIRED || s == ApprovalStatus.CONSUMED;
  }

  /** Changes an entry's status, tells listeners, and completes its outcome after unlocking. Lock held. */
  private void settle(Entry e, ApprovalStatus status, String decidedBy, Instant now, List<Runnable> after) {
    ApprovalRequest r = e.request;
    e.request =
        new ApprovalRequest(
            r.requestId(),
            r.agent(),
            r.delegationChain(),
            r.taskId(),
            r.toolName(),
            r.argumentDigest(),
            r.decisionId(),
            r.reason(),
            r.approver(),
            r.createdAt(),
            r.expiresAt(),
            status,
            decidedBy);
    e.settledAt = now;
    if (status != ApprovalStatus.CONSUMED) {
      CompletableFuture<ApprovalStatus> outcome = e.outcome;
      after.add(() -> outcome.complete(status));
    }
    publish(e.request);
  }

  /** Queues a snapshot and, unless a delivery is running on this thread, delivers it. Lock held. */
  private void publish(ApprovalRequest snapshot) {
    undelivered.add(snapshot);
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      ApprovalRequest next;
      while ((next = undelivered.poll()) != null) {
        for (Consumer<ApprovalRequest> listener : listeners) {
          try {
            listener.accept(next);
          } catch (RuntimeException ex) {
            log.warn(
                "Approval listener {} failed on request '{}' ({}); the change stands",
                listener,
                next.requestId(),
                next.status(),
                ex);
          }
        }
      }
    } finally {
      delivering = false;
    }
  }

  private void scheduleCheck(String requestId, Duration delay) {
    CompletableFuture.delayedExecutor(toNanosSaturated(delay), TimeUnit.NANOSECONDS)
        .execute(() -> backgroundCheck(requestId));
  }

  private void backgroundCheck(String requestId) {
    List<Runnable> after = new ArrayList<>();
    Duration recheck = null;
    lock.lock();
    try {
      Entry e = requests.get(requestId);
      if (e == null) {
        return;
      }
      Instant now = clock.instant();
      touch(e, now, after);
      ApprovalStatus s = e.request.status();
      if (s == ApprovalStatus.PENDING || s == ApprovalStatus.APPROVED) {
        recheck = Duration.between(now, e.request.expiresAt());
      }
    } catch (RuntimeException ex) {
      log.warn("Background expiry of approval request '{}' failed; it expires on next use", requestId, ex);
    } finally {
      lock.unlock();
      runAll(after);
    }
    if (recheck != null) {
      // the injected clock runs behind real time (or is a test clock): look again later, at most
      // once per MIN_RECHECK so that a stopped clock costs no busy loop
      scheduleCheck(requestId, recheck.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : recheck);
    }
  }

  private static void runAll(List<Runnable> actions) {
    for (Runnable action : actions) {
      action.run();
    }
  }

  private static long toNanosSaturated(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** One request and its mutable bookkeeping; guarded by the service lock. */
  private static final class Entry {
    ApprovalRequest request;
    final CompletableFuture<ApprovalStatus> outcome = new CompletableFuture<>();
    String rejectionReason;
    Instant settledAt;

    Entry(ApprovalRequest request) {
      this.request = request;
    }
  }

  /**
   * Builds {@link InMemoryApprovalService} instances. Each option may be set at most once. Not
   * thread-safe; the built service is.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock;
    private Duration requestTtl;
    private int maxRequests;
    private Duration rateWindow;
    private Duration retention;
    private Function<AgentId, Optional<AgentIdentity>> identityResolver;
    private Boolean expireInBackground;
    private final List<Consumer<ApprovalRequest>> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the wall clock for request creation and expiry (default: system UTC).
     *
     * @param value the clock
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock value) {
      requireUnset(clock, "clock");
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets how long a request stays answerable (default {@link InMemoryApprovalService#DEFAULT_REQUEST_TTL}); an approval
     * must also be used within this time.
     *
     * @param value the TTL; positive and at most {@link InMemoryApprovalService#MAX_REQUEST_TTL}
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is not positive or above the maximum
     * @throws IllegalStateException if already set
     */
    public Builder requestTtl(Duration value) {
      requireUnset(requestTtl, "requestTtl");
      Objects.requireNonNull(value, "requestTtl");
      if (value.isZero() || value.isNegative() || value.compareTo(MAX_REQUEST_TTL) > 0) {
        throw new IllegalArgumentException(
            "requestTtl must be positive and at most " + MAX_REQUEST_TTL + ", but was " + value);
      }
      this.requestTtl = value;
      return this;
    }

    /**
     * Sets the per-agent rate limit: at most {@code maxRequests} requests that are pending or were
     * made within the last {@code window} (default {@value InMemoryApprovalService#DEFAULT_MAX_REQUESTS_PER_WINDOW} per
     * {@link InMemoryApprovalService#DEFAULT_RATE_WINDOW}).
     *
     * @param maxRequests the limit; at least 1
     * @param window the window; positive
     * @return this builder
     * @throws NullPointerException if {@code window} is null
     * @throws IllegalArgumentException if {@code maxRequests} is below 1 or {@code window} is not
     *     positive
     * @throws IllegalStateException if already set
     */
    public Builder rateLimit(int maxRequests, Duration window) {
      requireUnset(rateWindow, "rateLimit");
      Objects.requireNonNull(window, "window");
      if (maxRequests < 1) {
        throw new IllegalArgumentException("maxRequests must be at least 1, but was " + maxRequests);
      }
      if (window.isZero() || window.isNegative()) {
        throw new IllegalArgumentException("window must be positive, but was " + window);
      }
      this.maxRequests = maxRequests;
      this.rateWindow = window;
      return this;
    }

    /**
     * Sets how long decided requests are kept for look-up (default {@link InMemoryApprovalService#DEFAULT_RETENTION}).
     *
     * @param value the retention; positive and not shorter than the rate window
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is not positive
     * @throws IllegalStateException if already set
     */
    public Builder retention(Duration value) {
      requireUnset(retention, "retention");
      Objects.requireNonNull(value, "retention");
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("retention must be positive, but was " + value);
      }
      this.retention = value;
      return this;
    }

    /**
     * Sets how the owner of a requesting agent is found when the policy names {@code "owner"} as
     * approver (default: the identity inside the escalated request). An agent the resolver does
     * not know cannot have a request.
     *
     * @param value resolves an agent to its current identity
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if a resolver or registry is already set
     */
    public Builder identityResolver(Function<AgentId, Optional<AgentIdentity>> value) {
      requireUnset(identityResolver, "identityResolver");
      this.identityResolver = Objects.requireNonNull(value, "identityResolver");
      return this;
    }

    /**
     * Finds owners in an identity registry; same as {@code identityResolver(registry::find)}.
     *
     * @param registry the registry
     * @return this builder
     * @throws NullPointerException if {@code registry} is null
     * @throws IllegalStateException if a resolver or registry is already set
     */
    public Builder identityRegistry(IdentityRegistry registry) {
      Objects.requireNonNull(registry, "registry");
      return identityResolver(registry::find);
    }

    /**
     * Sets whether a background check expires each request at its expiry even if nothing touches
     * it, so futures from {@link InMemoryApprovalService#decision(String)} complete on time
     * (default true). The check uses the JDK's shared delayed executor and the injected clock.
     *
     * @param value true to expire in the background
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder expireInBackground(boolean value) {
      requireUnset(expireInBackground, "expireInBackground");
      this.expireInBackground = value;
      return this;
    }

    /**
     * Adds a listener called with a snapshot of a request each time it is created, approved,
     * rejected, expired or consumed. May be called several times; listeners run in the order
     * added.
     *
     * @param value the listener
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder listener(Consumer<ApprovalRequest> value) {
      listeners.add(Objects.requireNonNull(value, "listener"));
      return this;
    }

    /**
     * Builds the service.
     *
     * @return a new service
     * @throws IllegalStateException if the retention is shorter than the rate window
     */
    public InMemoryApprovalService build() {
      Duration window = rateWindow == null ? DEFAULT_RATE_WINDOW : rateWindow;
      Duration keep = retention == null ? DEFAULT_RETENTION : retention;
      if (keep.compareTo(window) < 0) {
        throw new IllegalStateException(
            "retention " + keep + " is shorter than the rate window " + window
                + "; requests must be kept at least as long as they count against the rate limit");
      }
      return new InMemoryApprovalService(this);
    }

    private static void requireUnset(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
    }
  }
}
