package io.nhiguard.core.identity;

import static io.nhiguard.core.identity.TestIdentities.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.LifecycleTransitionException;
import io.nhiguard.api.ModelBinding;
import io.nhiguard.api.Owner;
import io.nhiguard.api.ReasonCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of lifecycle operations, clock moves and offboarding: an identity is usable
 * only while ACTIVE, unexpired, re-certified and owned by someone not offboarded, and never again
 * once it was revoked.
 */
final class IdentityLifecyclePropertiesTest {

  private static final int AGENTS = 3;
  private static final List<Owner> OWNERS =
      List.of(Owner.of("alice@example.org", "Alice"), Owner.of("bob@example.org", "Bob"));

  /** One step: kind 0 transition, 1 rebind, 2 offboard, 3 reassign, 4 advance clock, 5 recertify. */
  record Op(int kind, int agent, LifecycleState target, int owner, long seconds) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op =
        Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, AGENTS - 1),
                Arbitraries.of(LifecycleState.class),
                Arbitraries.integers().between(0, OWNERS.size() - 1),
                Arbitraries.longs().between(0, Duration.ofDays(20).toSeconds()))
            .as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 1000)
  void identityIsNeverUsableWhenRevokedSuspendedExpiredOrOrphaned(@ForAll("ops") List<Op> ops) {
    MutableClock clock = MutableClock.at(CREATED);
    InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(clock);
    List<AgentId> ids = new ArrayList<>();
    Map<AgentId, LifecycleState> model = new HashMap<>();
    Set<AgentId> everRevoked = new HashSet<>();
    Set<String> offboarded = new HashSet<>();
    for (int i = 0; i < AGENTS; i++) {
      AgentIdentity identity = TestIdentities.agent("a" + i, b -> b.owner(OWNERS.get(0)));
      registry.register(identity, "admin");
      ids.add(identity.id());
      model.put(identity.id(), LifecycleState.PROVISIONED);
    }

    for (Op op : ops) {
      AgentId a = ids.get(op.agent());
      AgentIdentity before = registry.find(a).orElseThrow();
      switch (op.kind()) {
        case 0:
          boolean legal =
              model.get(a).canTransitionTo(op.target())
                  && !(op.target() == LifecycleState.ACTIVE && offboarded.contains(before.owner().id()));
          try {
            registry.transition(a, op.target(), "ops", "random");
            assertThat(legal).as("accepted %s -> %s", model.get(a), op.target()).isTrue();
            model.put(a, op.target());
          } catch (LifecycleTransitionException e) {
            assertThat(legal).as("rejected %s -> %s", model.get(a), op.target()).isFalse();
          }
          break;
        case 1:
          tryQuietly(() -> registry.rebind(a, ModelBinding.of("p", "m" + op.seconds(), "v"), "ops", "random"));
          break;
        case 2:
          String owner = OWNERS.get(op.owner()).id();
          offboarded.add(owner);
          registry.offboardOwner(owner, "hr", "random");
          for (AgentId x : ids) {
            AgentIdentity i = registry.find(x).orElseThrow();
            if (i.owner().id().equals(owner)
                && (model.get(x) == LifecycleState.ACTIVE || model.get(x) == LifecycleState.PROVISIONED)) {
              model.put(x, LifecycleState.SUSPENDED);
            }
          }
          break;
        case 3:
          tryQuietly(() -> registry.reassignOwner(a, OWNERS.get(op.owner()), "hr", "random"));
          break;
        case 4:
          clock.advance(Duration.ofSeconds(op.seconds()));
          break;
        default:
          tryQuietly(() -> registry.recertify(a, clock.instant().plusSeconds(op.seconds() + 1), "alice", "random"));
          break;
      }

      Instant now = clock.instant();
      for (AgentId x : ids) {
        AgentIdentity current = registry.find(x).orElseThrow();
        assertThat(current.state()).isEqualTo(model.get(x));
        if (current.state() == LifecycleState.REVOKED || current.state() == LifecycleState.DECOMMISSIONED) {
          everRevoked.add(x);
        }
        Optional<ReasonCode> reason = IdentityChecks.denialReason(current, now);
        if (reason.isEmpty()) {
          assertThat(current.state()).isEqualTo(LifecycleState.ACTIVE);
          assertThat(now).isBefore(current.expiresAt()).isBefore(current.reviewDueAt());
          assertThat(offboarded).doesNotContain(current.owner().id());
          assertThat(everRevoked).doesNotContain(x);
        }
        if (everRevoked.contains(x)) {
          assertThat(reason).contains(ReasonCode.IDENTITY_REVOKED);
        }
        if (current.state() == LifecycleState.SUSPENDED || current.state() == LifecycleState.PROVISIONED) {
          assertThat(reason).contains(ReasonCode.IDENTITY_NOT_ACTIVE);
        }
      }
    }
  }

  private static void tryQuietly(Runnable change) {
    try {
      change.run();
    } catch (LifecycleTransitionException | IllegalArgumentException e) {
      // refused changes leave the registry as it was; the invariants below check that
    }
  }
}
