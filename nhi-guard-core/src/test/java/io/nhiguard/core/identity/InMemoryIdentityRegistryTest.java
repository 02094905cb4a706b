package io.nhiguard.core.identity;

import static io.nhiguard.api.LifecycleState.ACTIVE;
import static io.nhiguard.api.LifecycleState.DECOMMISSIONED;
import static io.nhiguard.api.LifecycleState.PROVISIONED;
import static io.nhiguard.api.LifecycleState.REVOKED;
import static io.nhiguard.api.LifecycleState.SUSPENDED;
import static io.nhiguard.core.identity.TestIdentities.ALICE;
import static io.nhiguard.core.identity.TestIdentities.CREATED;
import static io.nhiguard.core.identity.TestIdentities.agent;
import static io.nhiguard.core.identity.TestIdentities.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.LifecycleEvent;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.LifecycleTransitionException;
import io.nhiguard.api.ModelBinding;
import io.nhiguard.api.Owner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class InMemoryIdentityRegistryTest {

  /** The lifecycle's legal moves, written out independently of LifecycleState.canTransitionTo. */
  private static final Set<List<LifecycleState>> LEGAL =
      Set.of(
          List.of(PROVISIONED, ACTIVE),
          List.of(PROVISIONED, SUSPENDED),
          List.of(PROVISIONED, REVOKED),
          List.of(PROVISIONED, DECOMMISSIONED),
          List.of(ACTIVE, SUSPENDED),
          List.of(ACTIVE, REVOKED),
          List.of(SUSPENDED, ACTIVE),
          List.of(SUSPENDED, REVOKED),
          List.of(REVOKED, DECOMMISSIONED));

  private final MutableClock clock = MutableClock.at(CREATED.plus(Duration.ofDays(1)));
  private final InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(clock);
  private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();

  InMemoryIdentityRegistryTest() {
    registry.addListener(events::add);
  }

  static Stream<Arguments> allPairs() {
    List<Arguments> out = new ArrayList<>();
    for (LifecycleState from : LifecycleState.values()) {
      for (LifecycleState to : LifecycleState.values()) {
        out.add(Arguments.of(from, to));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("allPairs")
  void transitionWhenPairIsLegalThenMovesAndAuditsElseRejectsAndKeepsState(LifecycleState from, LifecycleState to) {
    AgentId a = bringTo("billing", from);
    events.clear();

    if (LEGAL.contains(List.of(from, to))) {
      AgentIdentity updated = registry.transition(a, to, "ops@example.org", "ticket OPS-1");

      assertThat(updated.state()).isEqualTo(to);
      assertThat(registry.find(a)).contains(updated);
      assertThat(events)
          .containsExactly(new LifecycleEvent(a, from, to, "ops@example.org", "ticket OPS-1", clock.instant()));
    } else {
      EnumSet<LifecycleState> allowed = EnumSet.noneOf(LifecycleState.class);
      for (List<LifecycleState> pair : LEGAL) {
        if (pair.get(0) == from) {
          allowed.add(pair.get(1));
        }
      }
      String finality =
          from == REVOKED || from == DECOMMISSIONED ? "; revocation is final, register a new identity instead" : "";
      assertThatExceptionOfType(LifecycleTransitionException.class)
          .isThrownBy(() -> registry.transition(a, to, "ops@example.org", "ticket OPS-1"))
          .withMessage(
              "Agent '" + a + "' cannot move from " + from + " to " + to + "; from " + from
                  + " the lifecycle allows " + allowed + finality);
      assertThat(registry.find(a).orElseThrow().state()).isEqualTo(from);
      assertThat(events).isEmpty();
    }
  }

  @Test
  void legalTableWhenComparedWithLifecycleStateThenAgrees() {
    for (LifecycleState from : LifecycleState.values()) {
      for (LifecycleState to : LifecycleState.values()) {
        assertThat(from.canTransitionTo(to)).as(from + " -> " + to).isEqualTo(LEGAL.contains(List.of(from, to)));
      }
    }
  }

  @Test
  void registerWhenNewThenStoredAndAuditedWithFromNull() {
    AgentIdentity billing = agent("billing");

    AgentIdentity stored = registry.register(billing, "admin@example.org");

    assertThat(stored).isEqualTo(billing);
    assertThat(registry.find(billing.id())).contains(billing);
    assertThat(events)
        .containsExactly(
            new LifecycleEvent(
                billing.id(), null, PROVISIONED, "admin@example.org", "registered: purpose 'pays invoices'", clock.instant()));
  }

  @Test
  void registerWhenActiveThenAllowed() {
    AgentIdentity billing = agent("billing", b -> b.state(ACTIVE));

    registry.register(billing, "admin");

    assertThat(registry.find(billing.id()).orElseThrow().state()).isEqualTo(ACTIVE);
  }

  @Test
  void registerWhenStateIsSuspendedRevokedOrDecommissionedThenRejected() {
    for (LifecycleState s : List.of(SUSPENDED, REVOKED, DECOMMISSIONED)) {
      AgentIdentity identity = agent("billing", b -> b.state(s));
      assertThatExceptionOfType(IllegalArgumentException.class)
          .isThrownBy(() -> registry.register(identity, "admin"))
          .withMessage(
              "Agent 'spiffe://example.org/agent/billing' cannot be registered in state " + s
                  + "; register it as PROVISIONED or ACTIVE and move it on with transition(..)");
    }
    assertThat(registry.all()).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void buildWhenOwnerOrPurposeMissingThenNoIdentityExists() {
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(
            () ->
                AgentIdentity.builder(id("billing"))
                    .purpose("pays")
                    .createdAt(CREATED)
                    .expiresAt(CREATED.plusSeconds(60))
                    .build())
        .withMessageContaining("has no owner");
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(
            () ->
                AgentIdentity.builder(id("billing"))
                    .owner(ALICE)
                    .createdAt(CREATED)
                    .expiresAt(CREATED.plusSeconds(60))
                    .build())
        .withMessageContaining("has no purpose");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> agent("billing", b -> b.purpose("  ")))
        .withMessageContaining("needs a non-blank purpose");
  }

  @Test
  void registerWhenSameIdExistsThenRejected() {
    registry.register(agent("billing"), "admin");

    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.register(agent("billing", b -> b.purpose("other")), "admin"))
        .withMessage("Agent 'spiffe://example.org/agent/billing' is already registered; SPIFFE IDs are unique");
    assertThat(registry.find(id("billing")).orElseThrow().purpose()).isEqualTo("pays invoices");
  }

  @Test
  void AC_26_registerWhenIdDiffersOnlyByPathCaseThenRejectedInEitherOrder() {
    registry.register(agent("Billing"), "admin");

    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.register(agent("billing"), "admin"))
        .withMessage(
            "Agent 'spiffe://example.org/agent/billing' differs from the registered agent "
                + "'spiffe://example.org/agent/Billing' only by letter case; look-alike IDs are refused, choose a distinct name");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.register(agent("BILLING"), "admin"));
    assertThat(registry.find(id("billing"))).isEmpty();
    assertThat(registry.find(id("BILLING"))).isEmpty();
    assertThat(registry.find(id("Billing"))).isPresent();
    assertThat(registry.all()).hasSize(1);

    InMemoryIdentityRegistry other = InMemoryIdentityRegistry.of(clock);
    other.register(agent("billing"), "admin");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> other.register(agent("Billing"), "admin"));
  }

  @Test
  void AC_26_nonCanonicalSpiffeIdsCannotBeConstructed() {
    for (String bad :
        List.of(
            "spiffe://Example.org/agent/billing",
            "spiffe://example.org/agent/billing/",
            "spiffe://example.org//agent/billing",
            "spiffe://example.org/agent/./billing",
            "SPIFFE://example.org/agent/billing",
            "spiffe://example.org/agent/b\u0131lling")) {
      assertThat(AgentId.isValid(bad)).as(bad).isFalse();
    }
  }

  @Test
  void transitionWhenIdentityUnknownThenRejected() {
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.transition(id("ghost"), ACTIVE, "admin", "go"))
        .withMessage("Agent 'spiffe://example.org/agent/ghost' is not registered; register(..) it first");
  }

  @Test
  void transitionWhenActorOrReasonBlankThenRejectedAndNothingChanges() {
    registry.register(agent("billing"), "admin");
    events.clear();

    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.transition(id("billing"), ACTIVE, " ", "go"))
        .withMessage("actor must not be blank: lifecycle changes are audited with who made them and why");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.transition(id("billing"), ACTIVE, "admin", ""))
        .withMessage("reason must not be blank: lifecycle changes are audited with who made them and why");
    assertThat(registry.find(id("billing")).orElseThrow().state()).isEqualTo(PROVISIONED);
    assertThat(events).isEmpty();
  }

  @Test
  void rebindWhenActiveThenBindingChangesStateStaysAndEventNamesBothModels() {
    AgentId a = bringTo("billing", ACTIVE);
    events.clear();

    AgentIdentity updated =
        registry.rebind(a, ModelBinding.of("openai", "gpt-4o", "2024-08-06"), "ops", "upgrade");

    assertThat(updated.modelBinding()).isEqualTo(ModelBinding.of("openai", "gpt-4o", "2024-08-06"));
    assertThat(updated.state()).isEqualTo(ACTIVE);
    assertThat(registry.find(a)).contains(updated);
    assertThat(events)
        .containsExactly(
            new LifecycleEvent(
                a,
                ACTIVE,
                ACTIVE,
                "ops",
                "model binding changed from 'unspecified/unspecified@unspecified' to 'openai/gpt-4o@2024-08-06': upgrade",
                clock.instant()));
  }

  @Test
  void rebindWhenRevokedOrDecommissionedThenRejected() {
    AgentId revoked = bringTo("revoked", REVOKED);
    AgentId gone = bringTo("gone", DECOMMISSIONED);
    events.clear();

    assertThatExceptionOfType(LifecycleTransitionException.class)
        .isThrownBy(() -> registry.rebind(revoked, ModelBinding.of("a", "b", "c"), "ops", "x"))
        .withMessage(
            "Agent 'spiffe://example.org/agent/revoked' is REVOKED and cannot be rebound to another model; "
                + "revocation is final, register a new identity instead");
    assertThatExceptionOfType(LifecycleTransitionException.class)
        .isThrownBy(() -> registry.rebind(gone, ModelBinding.of("a", "b", "c"), "ops", "x"));
    assertThat(events).isEmpty();
  }

  @Test
  void offboardOwnerWhenOwnerHasAgentsInEveryStateThenSuspendsLiveOnesAndReportsOrphans() {
    AgentId provisioned = bringTo("p", PROVISIONED);
    AgentId active = bringTo("a", ACTIVE);
    AgentId suspended = bringTo("s", SUSPENDED);
    AgentId revoked = bringTo("r", REVOKED);
    AgentId decommissioned = bringTo("d", DECOMMISSIONED);
    Owner bob = Owner.of("bob@example.org", "Bob");
    registry.register(agent("bobs", b -> b.owner(bob).state(ACTIVE)), "admin");
    events.clear();

    List<AgentIdentity> result = registry.offboardOwner(ALICE.id(), "hr@example.org", "left the company");

    assertThat(result).extracting(AgentIdentity::id).containsExactly(active, provisioned);
    assertThat(result).allMatch(i -> i.state() == SUSPENDED);
    assertThat(registry.find(active).orElseThrow().state()).isEqualTo(SUSPENDED);
    assertThat(registry.find(provisioned).orElseThrow().state()).isEqualTo(SUSPENDED);
    assertThat(registry.find(revoked).orElseThrow().state()).isEqualTo(REVOKED);
    assertThat(registry.find(decommissioned).orElseThrow().state()).isEqualTo(DECOMMISSIONED);
    assertThat(registry.find(id("bobs")).orElseThrow().state()).isEqualTo(ACTIVE);
    String reason = "owner 'alice@example.org' offboarded: left the company";
    assertThat(events)
        .containsExactly(
            new LifecycleEvent(active, ACTIVE, SUSPENDED, "hr@example.org", reason, clock.instant()),
            new LifecycleEvent(provisioned, PROVISIONED, SUSPENDED, "hr@example.org", reason, clock.instant()),
            new LifecycleEvent(
                suspended, SUSPENDED, SUSPENDED, "hr@example.org", reason + " (already suspended; now orphaned)", clock.instant()));
    assertThat(registry.orphaned()).extracting(AgentIdentity::id).containsExactly(active, provisioned, suspended);
    assertThat(registry.isOffboarded(ALICE.id())).isTrue();
    assertThat(registry.isOffboarded(bob.id())).isFalse();
  }

  @Test
  void offboardOwnerWhenCalledTwiceThenSecondSuspendsNothing() {
    bringTo("a", ACTIVE);
    registry.offboardOwner(ALICE.id(), "hr", "left");

    assertThat(registry.offboardOwner(ALICE.id(), "hr", "left")).isEmpty();
    assertThat(registry.orphaned()).hasSize(1);
  }

  @Test
  void transitionToActiveWhenOwnerOffboardedThenRejectedUntilReassigned() {
    AgentId a = bringTo("a", ACTIVE);
    AgentId p = bringTo("p", PROVISIONED);
    registry.offboardOwner(ALICE.id(), "hr", "left");

    assertThatExceptionOfType(LifecycleTransitionException.class)
        .isThrownBy(() -> registry.transition(a, ACTIVE, "ops", "resume"))
        .withMessage(
            "Agent 'spiffe://example.org/agent/a' cannot become ACTIVE: its owner 'alice@example.org' was offboarded at "
                + clock.instant() + "; reassign the agent to an accountable owner first");
    assertThatExceptionOfType(LifecycleTransitionException.class)
        .isThrownBy(() -> registry.transition(p, ACTIVE, "ops", "resume"));
    assertThat(registry.transition(a, REVOKED, "ops", "orphan cleanup").state()).isEqualTo(REVOKED);

    Owner bob = Owner.of("bob@example.org", "Bob");
    events.clear();
    AgentIdentity reassigned = registry.reassignOwner(p, bob, "hr", "team lead takes over");
    assertThat(reassigned.owner()).isEqualTo(bob);
    assertThat(events)
        .containsExactly(
            new LifecycleEvent(
                p, SUSPENDED, SUSPENDED, "hr",
                "owner changed from 'alice@example.org' to 'bob@example.org': team lead takes over", clock.instant()));
    assertThat(registry.orphaned()).isEmpty();
    assertThat(registry.transition(p, ACTIVE, "bob@example.org", "resume").state()).isEqualTo(ACTIVE);
  }

  @Test
  void registerOrReassignWhenOwnerOffboardedThenRejected() {
    AgentId a = bringTo("a", ACTIVE);
    registry.offboardOwner(ALICE.id(), "hr", "left");

    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.register(agent("fresh"), "admin"))
        .withMessage(
            "Agent 'spiffe://example.org/agent/fresh' names owner 'alice@example.org', who was offboarded at "
                + clock.instant() + "; assign an owner who is still accountable");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.reassignOwner(a, ALICE, "hr", "undo"));
    assertThat(registry.find(id("fresh"))).isEmpty();
  }

  @Test
  void reassignOwnerWhenRevokedThenRejected() {
    AgentId r = bringTo("r", REVOKED);

    assertThatExceptionOfType(LifecycleTransitionException.class)
        .isThrownBy(() -> registry.reassignOwner(r, Owner.of("bob", "Bob"), "hr", "x"));
  }

  @Test
  void reviewOverdueWhenDueAtOrBeforeNowThenListedExceptTerminal() {
    Instant due = CREATED.plus(Duration.ofDays(30));
    bringTo("due", ACTIVE);
    registry.register(agent("later", b -> b.reviewDueAt(due.plusMillis(1))), "admin");
    bringTo("revoked", REVOKED);
    registry.register(agent("suspended", b -> b.state(ACTIVE)), "admin");
    registry.transition(id("suspended"), SUSPENDED, "ops", "pause");

    assertThat(registry.reviewOverdue(due.minusMillis(1))).isEmpty();
    assertThat(registry.reviewOverdue(due)).extracting(AgentIdentity::id).containsExactly(id("due"), id("suspended"));
    assertThat(registry.reviewOverdue(due.plusMillis(1)))
        .extracting(AgentIdentity::id)
        .containsExactly(id("due"), id("later"), id("suspended"));
  }

  @Test
  void recertifyWhenDueThenMovesReviewDateAndAudits() {
    AgentId a = bringTo("a", ACTIVE);
    Instant next = CREATED.plus(Duration.ofDays(60));
    events.clear();

    AgentIdentity updated = registry.recertify(a, next, "alice@example.org", "quarterly review");

    assertThat(updated.reviewDueAt()).isEqualTo(next);
    assertThat(registry.reviewOverdue(CREATED.plus(Duration.ofDays(31)))).isEmpty();
    assertThat(events)
        .containsExactly(
            new LifecycleEvent(
                a, ACTIVE, ACTIVE, "alice@example.org",
                "re-certified from " + CREATED.plus(Duration.ofDays(30)) + " until " + next + ": quarterly review",
                clock.instant()));
  }

  @Test
  void recertifyWhenDateNotInFutureOrAfterExpiryThenRejected() {
    AgentId a = bringTo("a", ACTIVE);

    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.recertify(a, clock.instant(), "alice", "x"))
        .withMessageStartingWith("Next review of agent 'spiffe://example.org/agent/a' at ");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> registry.recertify(a, CREATED.plus(Duration.ofDays(91)), "alice", "x"));
    assertThat(registry.find(a).orElseThrow().reviewDueAt()).isEqualTo(CREATED.plus(Duration.ofDays(30)));
  }

  @Test
  void listenersWhenOneThrowsThenChangeStandsAndLaterListenersStillRun() {
    List<String> seen = new ArrayList<>();
    InMemoryIdentityRegistry r = InMemoryIdentityRegistry.of(clock);
    r.addListener(e -> seen.add("first " + e.to()));
    r.addListener(
        e -> {
          throw new IllegalStateException("listener down");
        });
    r.addListener(e -> seen.add("audit " + e.to()));

    r.register(agent("a"), "admin");
    AgentIdentity active = r.transition(id("a"), ACTIVE, "ops", "go");

    assertThat(active.state()).isEqualTo(ACTIVE);
    assertThat(r.find(id("a")).orElseThrow().state()).isEqualTo(ACTIVE);
    assertThat(seen).containsExactly("first PROVISIONED", "audit PROVISIONED", "first ACTIVE", "audit ACTIVE");
  }

  @Test
  void listenersWhenListenerChangesRegistryThenEveryListenerSeesEventsInChangeOrder() {
    InMemoryIdentityRegistry r = InMemoryIdentityRegistry.of(clock);
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    r.addListener(
        e -> {
          first.add(e.from() + ">" + e.to());
          if (e.to() == ACTIVE) {
            r.transition(e.agent(), SUSPENDED, "watchdog", "auto-suspend");
          }
        });
    r.addListener(e -> second.add(e.from() + ">" + e.to()));

    r.register(agent("a"), "admin");
    r.transition(id("a"), ACTIVE, "ops", "go");

    assertThat(second).containsExactly("null>PROVISIONED", "PROVISIONED>ACTIVE", "ACTIVE>SUSPENDED");
    assertThat(first).isEqualTo(second);
    assertThat(r.find(id("a")).orElseThrow().state()).isEqualTo(SUSPENDED);
  }

  @Test
  void allWhenSeveralRegisteredThenSortedSnapshot() {
    registry.register(agent("b"), "admin");
    registry.register(agent("a"), "admin");

    List<AgentIdentity> all = registry.all();
    registry.register(agent("c"), "admin");

    assertThat(all).extracting(AgentIdentity::id).containsExactly(id("a"), id("b"));
  }

  @Test
  void publicMethodsWhenNullThenNullPointerException() {
    AgentId a = bringTo("a", ACTIVE);
    ModelBinding m = ModelBinding.UNSPECIFIED;
    Instant t = clock.instant();
    Owner o = Owner.of("bob", "Bob");
    assertThatNullPointerException().isThrownBy(() -> InMemoryIdentityRegistry.of(null));
    assertThatNullPointerException().isThrownBy(() -> registry.register(null, "x"));
    assertThatNullPointerException().isThrownBy(() -> registry.register(agent("z"), null));
    assertThatNullPointerException().isThrownBy(() -> registry.find(null));
    assertThatNullPointerException().isThrownBy(() -> registry.transition(null, ACTIVE, "x", "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.transition(a, null, "x", "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.transition(a, SUSPENDED, null, "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.transition(a, SUSPENDED, "x", null));
    assertThatNullPointerException().isThrownBy(() -> registry.rebind(null, m, "x", "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.rebind(a, null, "x", "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.rebind(a, m, null, "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.rebind(a, m, "x", null));
    assertThatNullPointerException().isThrownBy(() -> registry.reassignOwner(null, o, "x", "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.reassignOwner(a, null, "x", "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.reassignOwner(a, o, null, "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.reassignOwner(a, o, "x", null));
    assertThatNullPointerException().isThrownBy(() -> registry.recertify(null, t, "x", "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.recertify(a, null, "x", "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.recertify(a, t, null, "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.recertify(a, t, "x", null));
    assertThatNullPointerException().isThrownBy(() -> registry.offboardOwner(null, "x", "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.offboardOwner("o", null, "y"));
    assertThatNullPointerException().isThrownBy(() -> registry.offboardOwner("o", "x", null));
    assertThatNullPointerException().isThrownBy(() -> registry.isOffboarded(null));
    assertThatNullPointerException().isThrownBy(() -> registry.reviewOverdue(null));
    assertThatNullPointerException().isThrownBy(() -> registry.addListener(null));
    assertThat(registry.find(a).orElseThrow().state()).isEqualTo(ACTIVE);
  }

  /** Registers {@code name} and moves it to {@code target} along a legal path. */
  private AgentId bringTo(String name, LifecycleState target) {
    AgentId a = registry.register(agent(name), "admin").id();
    switch (target) {
      case PROVISIONED:
        break;
      case ACTIVE:
        registry.transition(a, ACTIVE, "admin", "setup");
        break;
      case SUSPENDED:
        registry.transition(a, ACTIVE, "admin", "setup");
        registry.transition(a, SUSPENDED, "admin", "setup");
        break;
      case REVOKED:
        registry.transition(a, ACTIVE, "admin", "setup");
        registry.transition(a, REVOKED, "admin", "setup");
        break;
      case DECOMMISSIONED:
        registry.transition(a, REVOKED, "admin", "setup");
        registry.transition(a, DECOMMISSIONED, "admin", "setup");
        break;
      default:
        throw new AssertionError(target);
    }
    return a;
  }
}
