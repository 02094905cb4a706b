package io.nhiguard.api.spi;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.LifecycleEvent;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.LifecycleTransitionException;
import io.nhiguard.api.ModelBinding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stores non-human identities and moves them through their lifecycle ({@code PROVISIONED ->
 * ACTIVE <-> SUSPENDED -> REVOKED -> DECOMMISSIONED}). Every change is published to listeners,
 * which the guard turns into audit records.
 *
 * <p>Implementations must be thread-safe and linearizable per identity: once a transition returns,
 * every later {@link #find(AgentId)} sees it.
 *
 * @since 0.1.0
 */
public interface IdentityRegistry {

  /**
   * Registers a new identity.
   *
   * @param identity the identity (owner and purpose are required by its type)
   * @param actor who registers it
   * @return the stored identity
   * @throws IllegalArgumentException if an identity with the same SPIFFE ID exists
   * @throws NullPointerException if an argument is null
   */
  AgentIdentity register(AgentIdentity identity, String actor);

  /**
   * Looks an identity up.
   *
   * @param id the SPIFFE ID
   * @return the identity, empty if unknown
   * @throws NullPointerException if {@code id} is null
   */
  Optional<AgentIdentity> find(AgentId id);

  /**
   * Moves an identity to another lifecycle state.
   *
   * @param id the identity
   * @param target the new state
   * @param actor who makes the change
   * @param reason why
   * @return the updated identity
   * @throws LifecycleTransitionException if the transition is not allowed
   * @throws IllegalArgumentException if the identity is unknown
   * @throws NullPointerException if an argument is null
   */
  AgentIdentity transition(AgentId id, LifecycleState target, String actor, String reason);

  /**
   * Binds an identity to another model; listeners see the change so standing grants are
   * re-evaluated.
   *
   * @param id the identity
   * @param binding the new binding
   * @param actor who makes the change
   * @param reason why
   * @return the updated identity
   * @throws IllegalArgumentException if the identity is unknown
   * @throws NullPointerException if an argument is null
   */
  AgentIdentity rebind(AgentId id, ModelBinding binding, String actor, String reason);

  /**
   * Offboards an owner: suspends every active or provisioned identity they own and remembers the
   * owner as gone, so their identities are reported as orphaned.
   *
   * @param ownerId the owner's principal id
   * @param actor who offboards
   * @param reason why
   * @return the identities that were suspended
   * @throws NullPointerException if an argument is null
   */
  List<AgentIdentity> offboardOwner(String ownerId, String actor, String reason);

  /**
   * Lists identities whose owner has been offboarded and that are not revoked or decommissioned.
   *
   * @return the orphaned identities
   */
  List<AgentIdentity> orphaned();

  /**
   * Lists identities whose owner re-certification is due at or before {@code now} and that are not
   * revoked or decommissioned.
   *
   * @param now the current instant
   * @return the overdue identities
   * @throws NullPointerException if {@code now} is null
   */
  List<AgentIdentity> reviewOverdue(Instant now);

  /**
   * Lists every identity.
   *
   * @return a snapshot
   */
  List<AgentIdentity> all();

  /**
   * Adds a listener for lifecycle events, called synchronously after each change.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is null
   */
  void addListener(Consumer<LifecycleEvent> listener);
}
