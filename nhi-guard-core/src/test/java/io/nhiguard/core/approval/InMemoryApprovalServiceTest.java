package io.nhiguard.core.approval;

import static io.nhiguard.core.approval.ApprovalFixtures.BILLING;
import static io.nhiguard.core.approval.ApprovalFixtures.NOW;
import static io.nhiguard.core.approval.ApprovalFixtures.ORCHESTRATOR;
import static io.nhiguard.core.approval.ApprovalFixtures.OWNER;
import static io.nhiguard.core.approval.ApprovalFixtures.args;
import static io.nhiguard.core.approval.ApprovalFixtures.billing;
import static io.nhiguard.core.approval.ApprovalFixtures.escalated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ApprovalException;
import io.nhiguard.api.ApprovalRateLimitedException;
import io.nhiguard.api.ApprovalRequest;
import io.nhiguard.api.ApprovalStatus;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Owner;
import io.nhiguard.core.approval.ApprovalFixtures.Escalated;
import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import io.nhiguard.core.identity.MutableClock;
import io.nhiguard.core.identity.TestIdentities;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class InMemoryApprovalServiceTest {

  private static final Duration TTL = Duration.ofMinutes(15);

  private final MutableClock clock = MutableClock.at(NOW);
  private final List<ApprovalRequest> seen = new CopyOnWriteArrayList<>();
  private final InMemoryApprovalService service =
      InMemoryApprovalService.builder().clock(clock).expireInBackground(false).listener(seen::add).build();
  private final ExecutorService pool = Executors.newFixedThreadPool(16);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void submitWhenEscalatedThenPendingRequestToOwnerBoundToDigest() {
    Escalated e = escalated(5);

    ApprovalRequest r = service.submit(e.request(), e.decision());

    assertThat(r.requestId()).startsWith("apr-");
    assertThat(r.agent()).isEqualTo(BILLING);
    assertThat(r.delegationChain()).isEmpty();
    assertThat(r.taskId()).isEqualTo("task-1");
    assertThat(r.toolName()).isEqualTo("send_money");
    assertThat(r.argumentDigest()).isEqualTo(args(5).digest()).hasSize(64);
    assertThat(r.decisionId()).isEqualTo(e.decision().decisionId());
    assertThat(r.reason()).isEqualTo("Payment to an unknown recipient needs the owner's approval");
    assertThat(r.approver()).isEqualTo(OWNER);
    assertThat(r.createdAt()).isEqualTo(NOW);
    assertThat(r.expiresAt()).isEqualTo(NOW.plus(TTL));
    assertThat(r.status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(r.decidedBy()).isEmpty();
    assertThat(service.find(r.requestId())).contains(r);
    assertThat(service.pending()).containsExactly(r);
    assertThat(seen).containsExactly(r);
  }

  @Test
  void submitWhenSameCallPendingThenSameRequestAndNoNewEvent() {
    Escalated first = escalated(5);
    Escalated again = escalated(5);

    ApprovalRequest a = service.submit(first.request(), first.decision());
    ApprovalRequest b = service.submit(again.request(), again.decision());

    assertThat(b).isEqualTo(a);
    assertThat(service.pending()).hasSize(1);
    assertThat(seen).hasSize(1);
  }

  @Test
  void submitWhenArgumentsDifferThenSeparateRequest() {
    ApprovalRequest a = submit(escalated(5));
    ApprovalRequest b = submit(escalated(6));

    assertThat(b.requestId()).isNotEqualTo(a.requestId());
    assertThat(service.pending()).hasSize(2);
  }

  @Test
  void approveThenConsumeOnceThenNeverAgain() {
    ApprovalRequest r = submit(escalated(5));

    ApprovalRequest approved = service.approve(r.requestId(), OWNER);
    Optional<ApprovalRequest> first = service.consume(BILLING, "task-1", "send_money", r.argumentDigest());
    Optional<ApprovalRequest> second = service.consume(BILLING, "task-1", "send_money", r.argumentDigest());

    assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(approved.decidedBy()).isEqualTo(OWNER);
    assertThat(first).get().extracting(ApprovalRequest::status).isEqualTo(ApprovalStatus.CONSUMED);
    assertThat(second).isEmpty();
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.CONSUMED);
    assertThat(seen)
        .extracting(ApprovalRequest::status)
        .containsExactly(ApprovalStatus.PENDING, ApprovalStatus.APPROVED, ApprovalStatus.CONSUMED);
  }

  @Test
  void consumeWhenAnyBindingDiffersThenEmptyAndApprovalStaysUsable() {
    ApprovalRequest r = submit(escalated(5));
    service.approve(r.requestId(), OWNER);
    String d = r.argumentDigest();

    assertThat(service.consume(BILLING, "task-1", "send_money", args(6).digest())).isEmpty();
    assertThat(service.consume(BILLING, "task-1", "send_money", d.toUpperCase(java.util.Locale.ROOT))).isEmpty();
    assertThat(service.consume(BILLING, "task-1", "send_money", d + " ")).isEmpty();
    assertThat(service.consume(BILLING, "task-2", "send_money", d)).isEmpty();
    assertThat(service.consume(BILLING, "task-1", "send_mone", d)).isEmpty();
    assertThat(service.consume(TestIdentities.id("Billing"), "task-1", "send_money", d)).isEmpty();
    assertThat(service.consume(ORCHESTRATOR, "task-1", "send_money", d)).isEmpty();
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(service.consume(BILLING, "task-1", "send_money", d)).isPresent();
  }

  @Test
  void consumeWhenPendingOrRejectedThenEmpty() {
    ApprovalRequest pending = submit(escalated(5));
    ApprovalRequest rejected = submit(escalated(6));
    service.reject(rejected.requestId(), OWNER, "unknown recipient");

    assertThat(service.consume(BILLING, "task-1", "send_money", pending.argumentDigest())).isEmpty();
    assertThat(service.consume(BILLING, "task-1", "send_money", rejected.argumentDigest())).isEmpty();
  }

  @Test
  void submitWhenApprovedButUnusedThenReturnsApprovalInsteadOfNewRequest() {
    ApprovalRequest r = submit(escalated(5));
    service.approve(r.requestId(), OWNER);

    ApprovalRequest again = submit(escalated(5));

    assertThat(again.requestId()).isEqualTo(r.requestId());
    assertThat(again.status()).isEqualTo(ApprovalStatus.APPROVED);
    service.consume(BILLING, "task-1", "send_money", r.argumentDigest());
    ApprovalRequest afterUse = submit(escalated(5));
    assertThat(afterUse.requestId()).isNotEqualTo(r.requestId());
    assertThat(afterUse.status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void AC_48_requestWhenClockReachesExpiryThenExpiredAndCannotBeApproved() {
    ApprovalRequest r = submit(escalated(5));
    clock.advance(TTL.minusNanos(1));
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);

    clock.advance(Duration.ofNanos(1));

    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
    assertThat(service.pending()).isEmpty();
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), OWNER))
        .withMessage(
            "Request '" + r.requestId() + "' is EXPIRED (expired at " + r.expiresAt()
                + "), expected PENDING; only a pending request can be decided, the agent must escalate again");
    assertThat(seen).extracting(ApprovalRequest::status).containsExactly(ApprovalStatus.PENDING, ApprovalStatus.EXPIRED);
  }

  @Test
  void consumeWhenApprovedButExpiredThenEmpty() {
    ApprovalRequest r = submit(escalated(5));
    service.approve(r.requestId(), OWNER);

    clock.advance(TTL);

    assertThat(service.consume(BILLING, "task-1", "send_money", r.argumentDigest())).isEmpty();
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
  }

  @Test
  void expireOverdueWhenDueThenListsAndExpiresOnlyDueRequests() {
    ApprovalRequest old = submit(escalated(5));
    clock.advance(Duration.ofMinutes(10));
    ApprovalRequest fresh = submit(escalated(6));
    clock.advance(Duration.ofMinutes(5));

    List<ApprovalRequest> expired = service.expireOverdue();

    assertThat(expired).extracting(ApprovalRequest::requestId).containsExactly(old.requestId());
    assertThat(service.pending()).extracting(ApprovalRequest::requestId).containsExactly(fresh.requestId());
  }

  @Test
  void awaitWhenNoAnswerWithinTimeoutThenExpiredAndLateApprovalRefused() {
    ApprovalRequest r = submit(escalated(5));

    ApprovalStatus status = service.await(r.requestId(), Duration.ofMillis(1));

    assertThat(status).isEqualTo(ApprovalStatus.EXPIRED);
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
    assertThatExceptionOfType(ApprovalException.class).isThrownBy(() -> service.approve(r.requestId(), OWNER));
    assertThat(service.consume(BILLING, "task-1", "send_money", r.argumentDigest())).isEmpty();
  }

  @Test
  void awaitWhenApprovedFromAnotherThreadThenApproved() throws Exception {
    ApprovalRequest r = submit(escalated(5));
    CountDownLatch waiting = new CountDownLatch(1);

    Future<ApprovalStatus> result =
        pool.submit(
            () -> {
              waiting.countDown();
              return service.await(r.requestId(), Duration.ofMinutes(1));
            });
    waiting.await();
    service.approve(r.requestId(), OWNER);

    assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(service.consume(BILLING, "task-1", "send_money", r.argumentDigest())).isPresent();
  }

  @Test
  void awaitWhenAlreadyDecidedThenReturnsAtOnce() {
    ApprovalRequest r = submit(escalated(5));
    service.reject(r.requestId(), OWNER, "no");

    assertThat(service.await(r.requestId(), Duration.ofMillis(1))).isEqualTo(ApprovalStatus.REJECTED);
  }

  @Test
  void awaitWhenInterruptedThenPendingAndInterruptFlagKept() {
    ApprovalRequest r = submit(escalated(5));

    Thread.currentThread().interrupt();
    ApprovalStatus status = service.await(r.requestId(), Duration.ofMinutes(1));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(status).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void awaitWhenTimeoutNotPositiveOrRequestUnknownThenIllegalArgument() {
    ApprovalRequest r = submit(escalated(5));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> service.await(r.requestId(), Duration.ZERO))
        .withMessage("timeout must be positive, but was PT0S; pass how long a human may take to answer");
    assertThatIllegalArgumentException().isThrownBy(() -> service.await(r.requestId(), Duration.ofSeconds(-1)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> service.await("apr-nope", Duration.ofSeconds(1)))
        .withMessage("Approval request 'apr-nope' is unknown or no longer retained");
    assertThatIllegalArgumentException().isThrownBy(() -> service.decision("apr-nope"));
  }

  @Test
  void decisionWhenApprovedRejectedOrExpiredThenFutureCompletes() throws Exception {
    ApprovalRequest a = submit(escalated(1));
    ApprovalRequest b = submit(escalated(2));
    ApprovalRequest c = submit(escalated(3));
    CompletableFuture<ApprovalStatus> fa = service.decision(a.requestId());
    CompletableFuture<ApprovalStatus> fb = service.decision(b.requestId());
    CompletableFuture<ApprovalStatus> fc = service.decision(c.requestId());
    assertThat(fa).isNotDone();

    service.approve(a.requestId(), OWNER);
    service.reject(b.requestId(), OWNER, "no");
    clock.advance(TTL);
    service.expireOverdue();

    assertThat(fa).isCompletedWithValue(ApprovalStatus.APPROVED);
    assertThat(fb).isCompletedWithValue(ApprovalStatus.REJECTED);
    assertThat(fc).isCompletedWithValue(ApprovalStatus.EXPIRED);
    assertThat(service.decision(a.requestId())).isCompletedWithValue(ApprovalStatus.APPROVED);
  }

  @Test
  void decisionWhenCallerCompletesFutureThenRequestUnaffected() {
    ApprovalRequest r = submit(escalated(5));

    service.decision(r.requestId()).complete(ApprovalStatus.APPROVED);

    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(service.decision(r.requestId())).isNotDone();
    assertThat(service.consume(BILLING, "task-1", "send_money", r.argumentDigest())).isEmpty();
  }

  @Test
  void decisionWhenBackgroundExpiryOnThenFutureCompletesWithoutBeingTouched() throws Exception {
    InMemoryApprovalService live =
        InMemoryApprovalService.builder().clock(Clock.systemUTC()).requestTtl(Duration.ofMillis(20)).build();
    Escalated e = escalated(5);
    ApprovalRequest r = live.submit(e.request(), e.decision());

    CompletableFuture<ApprovalStatus> f = live.decision(r.requestId());

    assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(ApprovalStatus.EXPIRED);
  }

  @Test
  void approveWhenApproverIsRequestingAgentThenSelfApprovalRefused() {
    ApprovalRequest r = submit(escalated(5));

    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), BILLING.value()))
        .withMessage(
            "'spiffe://example.org/agent/billing' cannot approve request '" + r.requestId()
                + "': it is the requesting agent itself; an agent can never approve its own request (self-approval)");
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), "SPIFFE://EXAMPLE.ORG/agent/Billing"))
        .withMessageContaining("(self-approval)");
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void approveWhenApproverIsInDelegationChainOrAnyAgentThenRefused() {
    Escalated e = escalated(billing(), "task-1", "send_money", args(5), null, List.of(ORCHESTRATOR));
    ApprovalRequest r = service.submit(e.request(), e.decision());
    assertThat(r.delegationChain()).containsExactly(ORCHESTRATOR);

    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), ORCHESTRATOR.value()))
        .withMessage(
            "'spiffe://example.org/agent/orchestrator' cannot approve request '" + r.requestId()
                + "': it is 'spiffe://example.org/agent/orchestrator' in the delegation chain of agent"
                + " 'spiffe://example.org/agent/billing'; an agent's delegators and delegates can never approve"
                + " its request (self-approval)");
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), "spiffe://example.org/agent/billing-helper"))
        .withMessage(
            "'spiffe://example.org/agent/billing-helper' cannot approve request '" + r.requestId()
                + "': it is a workload (SPIFFE) identity; approvals must come from a human principal");
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), " spiffe://example.org/agent/orchestrator\t"))
        .withMessageContaining("(self-approval)");
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), "x spiffe://example.org/agent/child"))
        .withMessageContaining("workload (SPIFFE) identity");
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.reject(r.requestId(), BILLING.value(), "self"));
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void approveWhenNotDesignatedApproverThenRefused() {
    ApprovalRequest r = submit(escalated(5));

    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), "mallory@example.org"))
        .withMessage(
            "'mallory@example.org' cannot approve request '" + r.requestId()
                + "': only the designated approver 'alice@example.org' may decide it");
    assertThatExceptionOfType(ApprovalException.class).isThrownBy(() -> service.approve(r.requestId(), ""));
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), "Alice@example.org"));
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve("apr-unknown", OWNER))
        .withMessage("Approval request 'apr-unknown' is unknown or no longer retained; ask for a new escalation");
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void approveWhenPolicyNamesPrincipalThenOnlyThatPrincipalDecides() {
    Escalated e = escalated(billing(), "task-1", "send_money", args(5), "treasury@example.org", List.of());
    ApprovalRequest r = service.submit(e.request(), e.decision());

    assertThat(r.approver()).isEqualTo("treasury@example.org");
    assertThatExceptionOfType(ApprovalException.class).isThrownBy(() -> service.approve(r.requestId(), OWNER));
    assertThat(service.approve(r.requestId(), "treasury@example.org").status()).isEqualTo(ApprovalStatus.APPROVED);
  }

  @Test
  void approveWhenAlreadyDecidedThenRefused() {
    ApprovalRequest r = submit(escalated(5));
    service.approve(r.requestId(), OWNER);

    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.approve(r.requestId(), OWNER))
        .withMessage(
            "Request '" + r.requestId() + "' is APPROVED, expected PENDING; only a pending request can be decided,"
                + " the agent must escalate again");
    assertThatExceptionOfType(ApprovalException.class).isThrownBy(() -> service.reject(r.requestId(), OWNER, "no"));
  }

  @Test
  void submitWhenPolicyNamesAnAgentAsApproverThenRefusedAsMisconfigured() {
    Escalated self = escalated(billing(), "task-1", "send_money", args(5), BILLING.value(), List.of());
    Escalated delegator = escalated(billing(), "task-1", "send_money", args(5), ORCHESTRATOR.value(), List.of(ORCHESTRATOR));
    Escalated otherAgent = escalated(billing(), "task-1", "send_money", args(5), "spiffe://example.org/agent/x", List.of());
    Escalated padded = escalated(billing(), "task-1", "send_money", args(5), " SPIFFE://example.org/agent/billing ", List.of());

    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.submit(self.request(), self.decision()))
        .withMessage(
            "The policy names approver 'spiffe://example.org/agent/billing' for tool 'send_money' of agent"
                + " 'spiffe://example.org/agent/billing', but it is the requesting agent itself; an agent can never"
                + " approve its own request (self-approval); name a human principal or \"owner\" in the escalate rule");
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.submit(delegator.request(), delegator.decision()))
        .withMessageContaining("in the delegation chain");
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.submit(otherAgent.request(), otherAgent.decision()))
        .withMessageContaining("workload (SPIFFE) identity");
    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.submit(padded.request(), padded.decision()))
        .withMessageContaining("(self-approval)");
    assertThat(service.pending()).isEmpty();
    assertThat(seen).isEmpty();
  }

  @Test
  void submitWhenDecisionDigestDiffersFromCallThenRefused() {
    Escalated five = escalated(5);
    Escalated six = escalated(6);

    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> service.submit(five.request(), six.decision()))
        .withMessage(
            "Escalation '" + six.decision().decisionId() + "' is bound to argument digest " + args(6).digest()
                + " but the call of agent 'spiffe://example.org/agent/billing' has digest " + args(5).digest()
                + "; evaluate the call again");
    assertThat(service.pending()).isEmpty();
  }

  @Test
  void rejectWhenDesignatedApproverThenRejectedWithReason() {
    ApprovalRequest r = submit(escalated(5));

    ApprovalRequest rejected = service.reject(r.requestId(), OWNER, "recipient unknown to me");

    assertThat(rejected.status()).isEqualTo(ApprovalStatus.REJECTED);
    assertThat(rejected.decidedBy()).isEqualTo(OWNER);
    assertThat(service.rejectionReason(r.requestId())).contains("recipient unknown to me");
    assertThat(service.rejectionReason("apr-unknown")).isEmpty();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> service.reject(submit(escalated(6)).requestId(), OWNER, " "))
        .withMessage("reason must not be blank; say why the call is rejected");
  }

  @Test
  void AC_76_submitWhenBurstExceedsRateLimitThenRateLimitedUntilWindowAndPendingClear() {
    InMemoryApprovalService limited =
        InMemoryApprovalService.builder()
            .clock(clock)
            .expireInBackground(false)
            .rateLimit(3, Duration.ofMinutes(10))
            .build();
    List<ApprovalRequest> accepted = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < 20; i++) {
      Escalated e = escalated(i);
      try {
        accepted.add(limited.submit(e.request(), e.decision()));
      } catch (ApprovalRateLimitedException ex) {
        refused++;
        assertThat(ex)
            .hasMessage(
                "Agent 'spiffe://example.org/agent/billing' has 3 approval requests pending or made within PT10M,"
                    + " limit 3; wait for them to be answered or expire, or raise the limit with"
                    + " InMemoryApprovalService.builder().rateLimit(..)");
      }
    }
    assertThat(accepted).hasSize(3);
    assertThat(refused).isEqualTo(17);

    Escalated again = escalated(0);
    assertThat(limited.submit(again.request(), again.decision()).requestId())
        .as("resubmitting a pending call is not a new request")
        .isEqualTo(accepted.get(0).requestId());

    AgentIdentity other = TestIdentities.agent("other", b -> b.state(LifecycleState.ACTIVE));
    Escalated otherAgent = escalated(other, "task-9", "send_money", args(1), null, List.of());
    assertThat(limited.submit(otherAgent.request(), otherAgent.decision()).status()).isEqualTo(ApprovalStatus.PENDING);

    limited.reject(accepted.get(0).requestId(), OWNER, "no");
    Escalated stillRecent = escalated(100);
    assertThatExceptionOfType(ApprovalRateLimitedException.class)
        .isThrownBy(() -> limited.submit(stillRecent.request(), stillRecent.decision()));

    clock.advance(Duration.ofMinutes(11));
    Escalated newer = escalated(101);
    assertThat(limited.submit(newer.request(), newer.decision()).status())
        .as("two old pending requests plus this one reach the limit")
        .isEqualTo(ApprovalStatus.PENDING);
    Escalated overLimit = escalated(102);
    assertThatExceptionOfType(ApprovalRateLimitedException.class)
        .as("old requests that are still pending count, even outside the window")
        .isThrownBy(() -> limited.submit(overLimit.request(), overLimit.decision()));

    limited.reject(accepted.get(1).requestId(), OWNER, "no");
    Escalated afterOne = escalated(103);
    assertThat(limited.submit(afterOne.request(), afterOne.decision()).status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void submitWhenResolverKnowsNewOwnerThenNewOwnerIsApprover() {
    InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(clock);
    registry.register(billing(), "admin");
    registry.reassignOwner(BILLING, Owner.of("bob@example.org", "Bob"), "hr", "alice moved teams");
    InMemoryApprovalService routed =
        InMemoryApprovalService.builder().clock(clock).expireInBackground(false).identityRegistry(registry).build();
    Escalated e = escalated(5);

    ApprovalRequest r = routed.submit(e.request(), e.decision());

    assertThat(r.approver()).isEqualTo("bob@example.org");
    assertThatExceptionOfType(ApprovalException.class).isThrownBy(() -> routed.approve(r.requestId(), OWNER));
  }

  @Test
  void submitWhenResolverDoesNotKnowAgentThenRefused() {
    InMemoryApprovalService routed =
        InMemoryApprovalService.builder()
            .clock(clock)
            .expireInBackground(false)
            .identityResolver(id -> Optional.empty())
            .build();
    Escalated e = escalated(5);

    assertThatExceptionOfType(ApprovalException.class)
        .isThrownBy(() -> routed.submit(e.request(), e.decision()))
        .withMessage("Agent 'spiffe://example.org/agent/billing' is not a registered identity; no owner can approve its call");
  }

  @Test
  void listenersWhenOneThrowsThenChangeStandsAndLaterListenersRun() {
    List<ApprovalStatus> audit = new ArrayList<>();
    InMemoryApprovalService s =
        InMemoryApprovalService.builder()
            .clock(clock)
            .expireInBackground(false)
            .listener(
                r -> {
                  throw new IllegalStateException("down");
                })
            .listener(r -> audit.add(r.status()))
            .build();
    Escalated e = escalated(5);

    ApprovalRequest r = s.submit(e.request(), e.decision());
    s.approve(r.requestId(), OWNER);

    assertThat(audit).containsExactly(ApprovalStatus.PENDING, ApprovalStatus.APPROVED);
    assertThat(s.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
  }

  @Test
  void listenerWhenItApprovesOnCreationThenEveryListenerSeesCreationFirst() {
    List<ApprovalStatus> order = new ArrayList<>();
    InMemoryApprovalService[] holder = new InMemoryApprovalService[1];
    holder[0] =
        InMemoryApprovalService.builder()
            .clock(clock)
            .expireInBackground(false)
            .listener(
                r -> {
                  if (r.status() == ApprovalStatus.PENDING) {
                    holder[0].approve(r.requestId(), OWNER);
                  }
                })
            .listener(r -> order.add(r.status()))
            .build();
    Escalated e = escalated(5);

    holder[0].submit(e.request(), e.decision());

    assertThat(order).containsExactly(ApprovalStatus.PENDING, ApprovalStatus.APPROVED);
  }

  @Test
  void retentionWhenDecidedRequestIsOldThenForgotten() {
    ApprovalRequest r = submit(escalated(5));
    service.reject(r.requestId(), OWNER, "no");

    clock.advance(InMemoryApprovalService.DEFAULT_RETENTION.plusSeconds(1));
    service.expireOverdue();

    assertThat(service.find(r.requestId())).isEmpty();
  }

  @Test
  void consumeWhenSixteenThreadsRaceThenExactlyOneSucceeds() throws Exception {
    InMemoryApprovalService roomy =
        InMemoryApprovalService.builder()
            .clock(clock)
            .expireInBackground(false)
            .rateLimit(1000, Duration.ofMinutes(1))
            .build();
    for (int round = 0; round < 50; round++) {
      Escalated e = escalated(1000 + round);
      ApprovalRequest r = roomy.submit(e.request(), e.decision());
      roomy.approve(r.requestId(), OWNER);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<ApprovalRequest>>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return roomy.consume(BILLING, "task-1", "send_money", r.argumentDigest());
                }));
      }
      start.countDown();
      int successes = 0;
      for (Future<Optional<ApprovalRequest>> f : results) {
        if (f.get(60, TimeUnit.SECONDS).isPresent()) {
          successes++;
        }
      }
      assertThat(successes).as("round %d", round).isEqualTo(1);
    }
  }

  @Test
  void builderWhenOptionsInvalidThenRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> InMemoryApprovalService.builder().requestTtl(Duration.ZERO))
        .withMessage("requestTtl must be positive and at most PT24H, but was PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> InMemoryApprovalService.builder().requestTtl(Duration.ofSeconds(-1)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> InMemoryApprovalService.builder().requestTtl(Duration.ofHours(25)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> InMemoryApprovalService.builder().rateLimit(0, Duration.ofMinutes(1)))
        .withMessage("maxRequests must be at least 1, but was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> InMemoryApprovalService.builder().rateLimit(1, Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> InMemoryApprovalService.builder().retention(Duration.ZERO));
    assertThatIllegalStateException()
        .isThrownBy(() -> InMemoryApprovalService.builder().clock(clock).clock(clock))
        .withMessage("clock was already set");
    assertThatIllegalStateException()
        .isThrownBy(
            () -> InMemoryApprovalService.builder().identityResolver(id -> Optional.empty()).identityRegistry(InMemoryIdentityRegistry.of(clock)));
    assertThatIllegalStateException()
        .isThrownBy(
            () -> InMemoryApprovalService.builder().rateLimit(5, Duration.ofHours(2)).retention(Duration.ofHours(1)).build())
        .withMessage(
            "retention PT1H is shorter than the rate window PT2H; requests must be kept at least as long as they"
                + " count against the rate limit");
  }

  @Test
  void defaultsWhenBuiltThenOwnerApproverAndFifteenMinuteTtl() {
    InMemoryApprovalService defaults = InMemoryApprovalService.ofDefaults();
    Escalated e = escalated(5);

    ApprovalRequest r = defaults.submit(e.request(), e.decision());

    assertThat(Duration.between(r.createdAt(), r.expiresAt())).isEqualTo(InMemoryApprovalService.DEFAULT_REQUEST_TTL);
    assertThat(r.approver()).isEqualTo(OWNER);
    assertThat(defaults.defaultApprover(billing())).isEqualTo(OWNER);
  }

  @Test
  void publicMethodsWhenNullThenNullPointerException() {
    Escalated e = escalated(5);
    ApprovalRequest r = submit(e);
    AgentId a = BILLING;
    assertThatNullPointerException().isThrownBy(() -> service.submit(null, e.decision()));
    assertThatNullPointerException().isThrownBy(() -> service.submit(e.request(), null));
    assertThatNullPointerException().isThrownBy(() -> service.await(null, Duration.ofSeconds(1)));
    assertThatNullPointerException().isThrownBy(() -> service.await(r.requestId(), null));
    assertThatNullPointerException().isThrownBy(() -> service.decision(null));
    assertThatNullPointerException().isThrownBy(() -> service.approve(null, OWNER));
    assertThatNullPointerException().isThrownBy(() -> service.approve(r.requestId(), null));
    assertThatNullPointerException().isThrownBy(() -> service.reject(null, OWNER, "x"));
    assertThatNullPointerException().isThrownBy(() -> service.reject(r.requestId(), null, "x"));
    assertThatNullPointerException().isThrownBy(() -> service.reject(r.requestId(), OWNER, null));
    assertThatNullPointerException().isThrownBy(() -> service.consume(null, "t", "x", "d"));
    assertThatNullPointerException().isThrownBy(() -> service.consume(a, null, "x", "d"));
    assertThatNullPointerException().isThrownBy(() -> service.consume(a, "t", null, "d"));
    assertThatNullPointerException().isThrownBy(() -> service.consume(a, "t", "x", null));
    assertThatNullPointerException().isThrownBy(() -> service.find(null));
    assertThatNullPointerException().isThrownBy(() -> service.rejectionReason(null));
    assertThatNullPointerException().isThrownBy(() -> service.addListener(null));
    assertThatNullPointerException().isThrownBy(() -> InMemoryApprovalService.builder().clock(null));
    assertThatNullPointerException().isThrownBy(() -> InMemoryApprovalService.builder().requestTtl(null));
    assertThatNullPointerException().isThrownBy(() -> InMemoryApprovalService.builder().rateLimit(1, null));
    assertThatNullPointerException().isThrownBy(() -> InMemoryApprovalService.builder().retention(null));
    assertThatNullPointerException().isThrownBy(() -> InMemoryApprovalService.builder().identityResolver(null));
    assertThatNullPointerException().isThrownBy(() -> InMemoryApprovalService.builder().identityRegistry(null));
    assertThatNullPointerException().isThrownBy(() -> InMemoryApprovalService.builder().listener(null));
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
  }

  private ApprovalRequest submit(Escalated e) {
    return service.submit(e.request(), e.decision());
  }
}
