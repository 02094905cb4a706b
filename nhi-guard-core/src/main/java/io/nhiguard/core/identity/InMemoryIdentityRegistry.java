package io.nhiguard.core.identity;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.LifecycleEvent;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.LifecycleTransitionException;
import io.nhiguard.api.ModelBinding;
import io.nhiguard.api.Owner;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.spi.IdentityRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default {@link IdentityRegistry}: identities held in memory, moved through the
 * lifecycle {@code PROVISIONED -> ACTIVE <-> SUSPENDED -> REVOKED -> DECOMMISSIONED} (see {@link
 * LifecycleState#canTransitionTo(LifecycleState)}), every change published as a {@link
 * LifecycleEvent} with its actor and reason.
 *
 * <p><b>Uniqueness of SPIFFE IDs.</b> {@link AgentId} accepts only canonical SPIFFE IDs, so two
 * valid IDs name the same identity exactly when their strings are equal. On top of that, this
 * registry refuses to register an ID that differs from a registered one only by the case of its
 * path ({@code spiffe://example.org/agent/Billing} while {@code spiffe://example.org/agent/billing}
 * exists, in either order): the SPIFFE ID specification makes paths case-sensitive, but two agents
 * whose names differ only by case are look-alikes that deceive people reading approvals and audit
 * logs. {@link #find(AgentId)} still matches exactly: looking up a case variant of a registered ID
 * finds nothing.
 *
 * <p><b>Registration.</b> An identity may be registered in state {@code PROVISIONED} or {@code
 * ACTIVE} only (the others exist only as the result of an audited transition), its owner must not
 * have been offboarded, and the actor must be named.
 *
 * <p><b>Offboarding</b> (OWASP NHI1, Improper Offboarding). {@link #offboardOwner(String, String,
 * String)} remembers the owner as gone and suspends their provisioned and active identities. While
 * the owner stays offboarded, their identities cannot be activated or resumed; {@link
 * #reassignOwner(AgentId, Owner, String, String)} hands an identity to another owner, after which
 * it may be resumed. {@link #orphaned()} lists the non-terminal identities of offboarded owners and
 * {@link #reviewOverdue(Instant)} those whose re-certification is due; {@link #recertify(AgentId,
 * Instant, String, String)} records a re-certification.
 *
 * <p><b>Listeners.</b> Listeners run synchronously, in registration order, after each change and
 * before the changing method returns, one event at a time in the order the changes were made (a
 * change made by a listener is delivered after the current event has reached every listener). A
 * listener that throws is logged at WARN and skipped for that event only: the change is not undone
 * and later listeners still receive the event. A listener that must never miss an event (the
 * guard's audit listener) therefore sees every change even when an earlier listener fails; it must
 * do its own failure handling, because the registry cannot roll a change back.
 *
 * <p><b>Thread-safety.</b> This class is thread-safe and linearizable: changes are serialized by
 * one lock (lifecycle changes are rare compared with look-ups), and once a changing method returns
 * every later {@link #find(AgentId)}, from any thread, sees the change. Look-ups take no lock.
 * Listeners run while the lock is held, so a slow listener delays other changes but never
 * look-ups.
 *
 * @since 0.1.0
 */
public final class InMemoryIdentityRegistry implements IdentityRegistry {

  private static final Logger log = LoggerFactory.getLogger(InMemoryIdentityRegistry.class);

  private static final Comparator<AgentIdentity> BY_ID = Comparator.comparing(AgentIdentity::id);

  private final Clock clock;

  /** Identities by the lower-cased SPIFFE ID; see the class documentation on uniqueness. */
  private final Map<String, AgentIdentity> identities = new ConcurrentHashMap<>();

  /** Offboarded owner ids, with the instant they were offboarded. */
  private final Map<String, Instant> offboardedOwners = new ConcurrentHashMap<>();

  private final List<Consumer<LifecycleEvent>> listeners = new CopyOnWriteArrayList<>();

  /** Serializes changes and event delivery. */
  private final ReentrantLock lock = new ReentrantLock();

  /** Events not yet delivered; guarded by {@link #lock}. */
  private final Queue<LifecycleEvent> undelivered = new ArrayDeque<>();

  /** Whether the lock holder is delivering events; guarded by {@link #lock}. */
  private boolean delivering;

  private InMemoryIdentityRegistry(Clock clock) {
    this.clock = clock;
  }

  /**
   * Creates an empty registry whose events are stamped with the given clock.
   *
   * @param clock the wall clock for event instants
   * @return a new, empty registry
   * @throws NullPointerException if {@code clock} is null
   */
  public static InMemoryIdentityRegistry of(Clock clock) {
    return new InMemoryIdentityRegistry(Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Creates an empty registry on the system UTC clock.
   *
   * @return a new, empty registry
   */
  public static InMemoryIdentityRegistry ofDefaults() {
    return new InMemoryIdentityRegistry(Clock.systemUTC());
  }

  /**
   * Registers a new identity and publishes a {@link LifecycleEvent} with {@code from == null}.
   *
   * @param identity the identity, in state {@code PROVISIONED} or {@code ACTIVE}
   * @param actor who registers it; non-blank
   * @return the stored identity
   * @throws IllegalArgumentException if an identity with the same SPIFFE ID, or one that differs
   *     only by the case of its path, is registered; if the identity's state is neither {@code
   *     PROVISIONED} nor {@code ACTIVE}; if its owner has been offboarded; or if {@code actor} is
   *     blank
   * @throws NullPointerException if an argument is null
   */
  @Override
  public AgentIdentity register(AgentIdentity identity, String actor) {
    Objects.requireNonNull(identity, "identity");
    requireText(actor, "actor");
    if (identity.state() != LifecycleState.PROVISIONED && identity.state() != LifecycleState.ACTIVE) {
      throw new IllegalArgumentException(
          "Agent '"
              + identity.id()
              + "' cannot be registered in state "
              + identity.state()
              + "; register it as PROVISIONED or ACTIVE and move it on with transition(..)");
    }
    lock.lock();
    try {
      Instant offboardedAt = offboardedOwners.get(identity.owner().id());
      if (offboardedAt != null) {
        throw new IllegalArgumentException(
            "Agent '"
                + identity.id()
                + "' names owner '"
                + SafeText.quote(identity.owner().id())
                + "', who was offboarded at "
                + offboardedAt
                + "; assign an owner who is still accountable");
      }
      String key = key(identity.id());
      AgentIdentity existing = identities.get(key);
      if (existing != null) {
        throw new IllegalArgumentException(
            existing.id().equals(identity.id())
                ? "Agent '" + identity.id() + "' is already registered; SPIFFE IDs are unique"
                : "Agent '"
                    + identity.id()
                    + "' differs from the registered agent '"
                    + existing.id()
                    + "' only by letter case; look-alike IDs are refused, choose a distinct name");
      }
      identities.put(key, identity);
      publish(identity.id(), null, identity.state(), actor, "registered: purpose '" + SafeText.quote(identity.purpose()) + "'");
      return identity;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Looks an identity up by its exact SPIFFE ID.
   *
   * @param id the SPIFFE ID
   * @return the current identity, empty if no identity has exactly this ID
   * @throws NullPointerException if {@code id} is null
   */
  @Override
  public Optional<AgentIdentity> find(AgentId id) {
    AgentIdentity identity = identities.get(key(Objects.requireNonNull(id, "id")));
    return identity != null && identity.id().equals(id) ? Optional.of(identity) : Optional.empty();
  }

  /**
   * Moves an identity to another lifecycle state and publishes the change.
   *
   * <p>Besides the lifecycle's own rules, an identity whose owner has been offboarded cannot move
   * to {@code ACTIVE} until it is {@linkplain #reassignOwner reassigned}.
   *
   * @param id the identity
   * @param target the new state
   * @param actor who makes the change; non-blank
   * @param reason why; non-blank
   * @return the updated identity
   * @throws LifecycleTransitionException if the lifecycle does not allow the move (including a
   *     move to the current state), or the move is to {@code ACTIVE} and the owner is offboarded
   * @throws IllegalArgumentException if the identity is unknown or {@code actor} or {@code reason}
   *     is blank
   * @throws NullPointerException if an argument is null
   */
  @Override
  public AgentIdentity transition(AgentId id, LifecycleState target, String actor, String reason) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    requireText(actor, "actor");
    requireText(reason, "reason");
    lock.lock();
    try {
      AgentIdentity current = require(id);
      LifecycleState from = current.state();
      if (!from.canTransitionTo(target)) {
        EnumSet<LifecycleState> allowed = EnumSet.noneOf(LifecycleState.class);
        allowed.addAll(from.allowedTargets());
        throw new LifecycleTransitionException(
            "Agent '"
                + id
                + "' cannot move from "
                + from
                + " to "
                + target
                + "; from "
                + from
                + " the lifecycle allows "
                + allowed
                + (from == LifecycleState.REVOKED || from == LifecycleState.DECOMMISSIONED
                    ? "; revocation is final, register a new identity instead"
                    : ""));
      }
      if (target == LifecycleState.ACTIVE) {
        Instant offboardedAt = offboardedOwners.get(current.owner().id());
        if (offboardedAt != null) {
          throw new LifecycleTransitionException(
              "Agent '"
                  + id
                  + "' cannot become ACTIVE: its owner '"
                  + SafeText.quote(current.owner().id())
                  + "' was offboarded at "
                  + offboardedAt
                  + "; reassign the agent to an accountable owner first");
        }
      }
      AgentIdentity updated = current.withState(target);
      identities.put(key(id), updated);
      publish(id, from, target, actor, reason);
      return updated;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Binds an identity to another model and publishes an event whose {@code from} and {@code to}
   * are both the current state and whose reason names the old and new binding.
   *
   * @param id the identity
   * @param binding the new binding
   * @param actor who makes the change; non-blank
   * @param reason why; non-blank
   * @return the updated identity
   * @throws LifecycleTransitionException if the identity is revoked or decommissioned
   * @throws IllegalArgumentException if the identity is unknown or {@code actor} or {@code reason}
   *     is blank
   * @throws NullPointerException if an argument is null
   */
  @Override
  public AgentIdentity rebind(AgentId id, ModelBinding binding, String actor, String reason) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(binding, "binding");
    requireText(actor, "actor");
    requireText(reason, "reason");
    return amend(
        id,
        actor,
        "rebound to another model",
        current -> current.withModelBinding(binding),
        current -> "model binding changed from " + render(current.modelBinding()) + " to " + render(binding) + ": " + reason);
  }

  /**
   * Hands an identity to another owner and publishes an event whose {@code from} and {@code to}
   * are both the current state. The state does not change: an identity suspended by offboarding
   * must then be resumed explicitly.
   *
   * @param id the identity
   * @param newOwner the new accountable owner; must not have been offboarded
   * @param actor who makes the change; non-blank
   * @param reason why; non-blank
   * @return the updated identity
   * @throws LifecycleTransitionException if the identity is revoked or decommissioned
   * @throws IllegalArgumentException if the identity is unknown, the new owner has been
   *     offboarded, or {@code actor} or {@code reason} is blank
   * @throws NullPointerException if an argument is null
   */
  public AgentIdentity reassignOwner(AgentId id, Owner newOwner, String actor, String reason) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(newOwner, "newOwner");
    requireText(actor, "actor");
    requireText(reason, "reason");
    return amend(
        id,
        actor,
        "reassigned",
        current -> {
          Instant offboardedAt = offboardedOwners.get(newOwner.id());
          if (offboardedAt != null) {
            throw new IllegalArgumentException(
                "Cannot reassign agent '"
                    + id
                    + "' to owner '"
                    + SafeText.quote(newOwner.id())
                    + "', who was offboarded at "
                    + offboardedAt
                    + "; choose an owner who is still accountable");
          }
          return current.toBuilder().owner(newOwner).build();
        },
        current ->
            "owner changed from '"
                + SafeText.quote(current.owner().id())
                + "' to '"
                + SafeText.quote(newOwner.id())
                + "': "
                + reason);
  }

  /**
   * Records the owner's re-certification of an identity: moves its {@code reviewDueAt} to a later
   * instant and publishes an event whose {@code from} and {@code to} are both the current state.
   *
   * @param id the identity
   * @param nextReviewDueAt when the next re-certification is due; after the current instant and
   *     not after the identity's {@code expiresAt}
   * @param actor who re-certifies (normally the owner); non-blank
   * @param reason why; non-blank
   * @return the updated identity
   * @throws LifecycleTransitionException if the identity is revoked or decommissioned
   * @throws IllegalArgumentException if the identity is unknown, {@code nextReviewDueAt} is not
   *     after the current instant or is after {@code expiresAt}, its owner has been offboarded, or
   *     {@code actor} or {@code reason} is blank
   * @throws NullPointerException if an argument is null
   */
  public AgentIdentity recertify(AgentId id, Instant nextReviewDueAt, String actor, String reason) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nextReviewDueAt, "nextReviewDueAt");
    requireText(actor, "actor");
    requireText(reason, "reason");
    return amend(
        id,
        actor,
        "re-certified",
        current -> {
          Instant now = clock.instant();
          if (!nextReviewDueAt.isAfter(now) || nextReviewDueAt.isAfter(current.expiresAt())) {
            throw new IllegalArgumentException(
                "Next review of agent '"
                    + id
                    + "' at "
                    + nextReviewDueAt
                    + " must lie after now ("
                    + now
                    + ") and not after its expiry "
                    + current.expiresAt()
                    + "; pick an instant in between or register a successor");
          }
          Instant offboardedAt = offboardedOwners.get(current.owner().id());
          if (offboardedAt != null) {
            throw new IllegalArgumentException(
                "Agent '"
                    + id
                    + "' cannot be re-certified: its owner '"
                    + SafeText.quote(current.owner().id())
                    + "' was offboarded at "
                    + offboardedAt
                    + "; reassign it first");
          }
          return current.toBuilder().reviewDueAt(nextReviewDueAt).build();
        },
        current -> "re-certified from " + current.reviewDueAt() + " until " + nextReviewDueAt + ": " + reason);
  }

  /**
   * Changes one non-terminal identity under the lock and publishes an event whose {@code from} and
   * {@code to} are both its current state.
   *
   * @param change validates and returns the updated identity; may throw to refuse
   * @param describe the event's reason, from the identity before the change
   */
  private AgentIdentity amend(
      AgentId id,
      String actor,
      String doing,
      java.util.function.UnaryOperator<AgentIdentity> change,
      java.util.function.Function<AgentIdentity, String> describe) {
    lock.lock();
    try {
      AgentIdentity current = require(id);
      requireNotTerminal(current, doing);
      AgentIdentity updated = change.apply(current);
      identities.put(key(id), updated);
      publish(id, current.state(), current.state(), actor, describe.apply(current));
      return updated;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Offboards an owner: remembers them as gone, suspends each of their provisioned or active
   * identities (one event each), and publishes an event with {@code from == to == SUSPENDED} for
   * each of their identities that was already suspended, which is now orphaned. Offboarding an
   * owner again is allowed and suspends nothing new.
   *
   * @param ownerId the owner's principal id; non-blank
   * @param actor who offboards; non-blank
   * @param reason why; non-blank
   * @return the identities that were suspended by this call, ordered by SPIFFE ID
   * @throws IllegalArgumentException if an argument is blank
   * @throws NullPointerException if an argument is null
   */
  @Override
  public List<AgentIdentity> offboardOwner(String ownerId, String actor, String reason) {
    requireText(ownerId, "ownerId");
    requireText(actor, "actor");
    requireText(reason, "reason");
    lock.lock();
    try {
      offboardedOwners.putIfAbsent(ownerId, clock.instant());
      String eventReason = "owner '" + SafeText.quote(ownerId) + "' offboarded: " + reason;
      List<AgentIdentity> owned = new ArrayList<>();
      for (AgentIdentity identity : identities.values()) {
        if (identity.owner().id().equals(ownerId)) {
          owned.add(identity);
        }
      }
      owned.sort(BY_ID);
      List<AgentIdentity> suspended = new ArrayList<>();
      for (AgentIdentity identity : owned) {
        LifecycleState from = identity.state();
        if (from == LifecycleState.PROVISIONED || from == LifecycleState.ACTIVE) {
          AgentIdentity updated = identity.withState(LifecycleState.SUSPENDED);
          identities.put(key(identity.id()), updated);
          suspended.add(updated);
          publish(identity.id(), from, LifecycleState.SUSPENDED, actor, eventReason);
        } else if (from == LifecycleState.SUSPENDED) {
          publish(identity.id(), from, from, actor, eventReason + " (already suspended; now orphaned)");
        }
      }
      return List.copyOf(suspended);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns whether an owner has been offboarded.
   *
   * @param ownerId the owner's principal id
   * @return true if {@link #offboardOwner(String, String, String)} was called for it
   * @throws NullPointerException if {@code ownerId} is null
   */
  public boolean isOffboarded(String ownerId) {
    return offboardedOwners.containsKey(Objects.requireNonNull(ownerId, "ownerId"));
  }

  /**
   * Lists the identities whose owner has been offboarded and that are neither revoked nor
   * decommissioned.
   *
   * @return a snapshot ordered by SPIFFE ID
   */
  @Override
  public List<AgentIdentity> orphaned() {
    List<AgentIdentity> out = new ArrayList<>();
    for (AgentIdentity identity : identities.values()) {
      if (!isTerminal(identity.state()) && offboardedOwners.containsKey(identity.owner().id())) {
        out.add(identity);
      }
    }
    out.sort(BY_ID);
    return List.copyOf(out);
  }

  /**
   * Lists the identities whose re-certification is due at or before {@code now} and that are
   * neither revoked nor decommissioned.
   *
   * @param now the current instant
   * @return a snapshot ordered by SPIFFE ID
   * @throws NullPointerException if {@code now} is null
   */
  @Override
  public List<AgentIdentity> reviewOverdue(Instant now) {
    Objects.requireNonNull(now, "now");
    List<AgentIdentity> out = new ArrayList<>();
    for (AgentIdentity identity : identities.values()) {
      if (!isTerminal(identity.state()) && !identity.reviewDueAt().isAfter(now)) {
        out.add(identity);
      }
    }
    out.sort(BY_ID);
    return List.copyOf(out);
  }

  /**
   * Lists every identity, including revoked and decommissioned ones.
   *
   * @return a snapshot ordered by SPIFFE ID
   */
  @Override
  public List<AgentIdentity> all() {
    List<AgentIdentity> out = new ArrayList<>(identities.values());
    out.sort(BY_ID);
    return List.copyOf(out);
  }

  /**
   * Adds a listener. Listeners run synchronously in the order they were added; see the class
   * documentation for ordering and failure isolation.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is null
   */
  @Override
  public void addListener(Consumer<LifecycleEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private AgentIdentity require(AgentId id) {
    return find(id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Agent '" + id + "' is not registered; register(..) it first"));
  }

  private static void requireNotTerminal(AgentIdentity identity, String what) {
    if (isTerminal(identity.state())) {
      throw new LifecycleTransitionException(
          "Agent '"
              + identity.id()
              + "' is "
              + identity.state()
              + " and cannot be "
              + what
              + "; revocation is final, register a new identity instead");
    }
  }

  private static boolean isTerminal(LifecycleState state) {
    return state == LifecycleState.REVOKED || state == LifecycleState.DECOMMISSIONED;
  }

  /** Queues an event and, unless a delivery is already running on this thread, delivers it. */
  private void publish(AgentId id, LifecycleState from, LifecycleState to, String actor, String reason) {
    undelivered.add(new LifecycleEvent(id, from, to, actor, reason, clock.instant()));
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      LifecycleEvent event;
      while ((event = undelivered.poll()) != null) {
        for (Consumer<LifecycleEvent> listener : listeners) {
          try {
            listener.accept(event);
          } catch (RuntimeException e) {
            log.warn(
                "Lifecycle listener {} failed on {} -> {} of agent '{}'; the change stands",
                listener,
                event.from(),
                event.to(),
                event.agent(),
                e);
          }
        }
      }
    } finally {
      delivering = false;
    }
  }

  private static String render(ModelBinding binding) {
    return "'"
        + SafeText.quote(binding.provider())
        + "/"
        + SafeText.quote(binding.model())
        + "@"
        + SafeText.quote(binding.version())
        + "'";
  }

  /** The uniqueness key: the ID lower-cased; {@link AgentId} guarantees ASCII-only content. */
  private static String key(AgentId id) {
    return id.value().toLowerCase(Locale.ROOT);
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank: lifecycle changes are audited with who made them and why");
    }
  }
}
