package io.nhiguard.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A non-human identity (NHI): an AI agent with a SPIFFE ID, a named human owner, a business
 * purpose, labels, the model it is bound to, a lifecycle state and the instants that bound its
 * life. No owner, no identity.
 *
 * <p>Instances are immutable and thread-safe; state changes produce new instances (see {@link
 * #withState(LifecycleState)}) and are made through an {@link
 * io.nhiguard.api.spi.IdentityRegistry}, which audits them.
 *
 * @param id the SPIFFE ID
 * @param owner the accountable human
 * @param purpose the business purpose, non-blank
 * @param labels labels for policy targeting, each matching {@code [a-z0-9][a-z0-9_.:=-]{0,62}}
 * @param modelBinding the model the agent runs on
 * @param state the lifecycle state
 * @param createdAt when the identity was created
 * @param expiresAt when the identity stops being valid; after {@code createdAt}
 * @param reviewDueAt when the owner must re-certify it; not after {@code expiresAt}
 * @since 0.1.0
 */
public record AgentIdentity(
    AgentId id,
    Owner owner,
    String purpose,
    Set<String> labels,
    ModelBinding modelBinding,
    LifecycleState state,
    Instant createdAt,
    Instant expiresAt,
    Instant reviewDueAt) {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_.:=-]{0,62}");

  /**
   * Validates an identity.
   *
   * @param id the {@code id} component
   * @param owner the {@code owner} component
   * @param purpose the {@code purpose} component
   * @param labels the {@code labels} component
   * @param modelBinding the {@code modelBinding} component
   * @param state the {@code state} component
   * @param createdAt the {@code createdAt} component
   * @param expiresAt the {@code expiresAt} component
   * @param reviewDueAt the {@code reviewDueAt} component
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if the purpose is blank, a label is malformed, {@code
   *     expiresAt} is not after {@code createdAt}, or {@code reviewDueAt} is before {@code
   *     createdAt} or after {@code expiresAt}
   */
  public AgentIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(modelBinding, "modelBinding");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(reviewDueAt, "reviewDueAt");
    if (purpose.isBlank()) {
      throw new IllegalArgumentException(
          "Agent '" + id + "' needs a non-blank purpose; state what the agent is for");
    }
    labels = Set.copyOf(labels);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "Label '"
                + SafeText.quote(label)
                + "' of agent '"
                + id
                + "' is malformed; expected [a-z0-9][a-z0-9_.:=-]{0,62}");
      }
    }
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException(
          "Agent '" + id + "' expiresAt " + expiresAt + " must be after createdAt " + createdAt);
    }
    if (reviewDueAt.isBefore(createdAt) || reviewDueAt.isAfter(expiresAt)) {
      throw new IllegalArgumentException(
          "Agent '"
              + id
              + "' reviewDueAt "
              + reviewDueAt
              + " must lie between createdAt "
              + createdAt
              + " and expiresAt "
              + expiresAt);
    }
  }

  /**
   * Starts a builder.
   *
   * @param id the SPIFFE ID
   * @return a new builder in state {@link LifecycleState#PROVISIONED}
   * @throws NullPointerException if {@code id} is null
   */
  public static Builder builder(AgentId id) {
    return new Builder(Objects.requireNonNull(id, "id"));
  }

  /**
   * Returns a builder primed with this identity's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.owner = owner;
    b.purpose = purpose;
    b.labels = labels;
    b.modelBinding = modelBinding;
    b.state = state;
    b.createdAt = createdAt;
    b.expiresAt = expiresAt;
    b.reviewDueAt = reviewDueAt;
    return b;
  }

  /**
   * Returns a copy in another state. Does not check the lifecycle; registries do.
   *
   * @param newState the state
   * @return the copy
   * @throws NullPointerException if {@code newState} is null
   */
  public AgentIdentity withState(LifecycleState newState) {
    return new AgentIdentity(
        id, owner, purpose, labels, modelBinding, newState, createdAt, expiresAt, reviewDueAt);
  }

  /**
   * Returns a copy bound to another model.
   *
   * @param binding the new binding
   * @return the copy
   * @throws NullPointerException if {@code binding} is null
   */
  public AgentIdentity withModelBinding(ModelBinding binding) {
    return new AgentIdentity(
        id, owner, purpose, labels, binding, state, createdAt, expiresAt, reviewDueAt);
  }

  /**
   * Builds {@link AgentIdentity} values. Not thread-safe; the built identity is.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final AgentId id;
    private Owner owner;
    private String purpose;
    private Set<String> labels = Set.of();
    private ModelBinding modelBinding = ModelBinding.UNSPECIFIED;
    private LifecycleState state = LifecycleState.PROVISIONED;
    private Instant createdAt;
    private Instant expiresAt;
    private Instant reviewDueAt;

    private Builder(AgentId id) {
      this.id = id;
    }

    /**
     * Sets the owner (required).
     *
     * @param value the owner
     * @return this builder
     */
    public Builder owner(Owner value) {
      this.owner = Objects.requireNonNull(value, "owner");
      return this;
    }

    /**
     * Sets the purpose (required).
     *
     * @param value the purpose
     * @return this builder
     */
    public Builder purpose(String value) {
      this.purpose = Objects.requireNonNull(value, "purpose");
      return this;
    }

    /**
     * Sets the labels (default none).
     *
     * @param value the labels
     * @return this builder
     */
    public Builder labels(Set<String> value) {
      this.labels = Objects.requireNonNull(value, "labels");
      return this;
    }

    /**
     * Sets the model binding (default {@link ModelBinding#UNSPECIFIED}).
     *
     * @param value the binding
     * @return this builder
     */
    public Builder modelBinding(ModelBinding value) {
      this.modelBinding = Objects.requireNonNull(value, "modelBinding");
      return this;
    }

    /**
     * Sets the lifecycle state (default {@link LifecycleState#PROVISIONED}).
     *
     * @param value the state
     * @return this builder
     */
    public Builder state(LifecycleState value) {
      this.state = Objects.requireNonNull(value, "state");
      return this;
    }

    /**
     * Sets the creation instant (required).
     *
     * @param value the instant
     * @return this builder
     */
    public Builder createdAt(Instant value) {
      this.createdAt = Objects.requireNonNull(value, "createdAt");
      return this;
    }

    /**
     * Sets the expiry instant (required: every NHI expires by design).
     *
     * @param value the instant
     * @return this builder
     */
    public Builder expiresAt(Instant value) {
      this.expiresAt = Objects.requireNonNull(value, "expiresAt");
      return this;
    }

    /**
     * Sets the owner re-certification instant (default: {@code expiresAt}).
     *
     * @param value the instant
     * @return this builder
     */
    public Builder reviewDueAt(Instant value) {
      this.reviewDueAt = Objects.requireNonNull(value, "reviewDueAt");
      return this;
    }

    /**
     * Builds the identity.
     *
     * @return the identity
     * @throws IllegalStateException if owner, purpose, createdAt or expiresAt is missing
     * @throws IllegalArgumentException if the values are inconsistent (see the record's
     *     constructor)
     */
    public AgentIdentity build() {
      if (owner == null) {
        throw new IllegalStateException("Agent '" + id + "' has no owner; call owner(..): no owner, no identity");
      }
      if (purpose == null) {
        throw new IllegalStateException("Agent '" + id + "' has no purpose; call purpose(..)");
      }
      if (createdAt == null || expiresAt == null) {
        throw new IllegalStateException(
            "Agent '" + id + "' needs createdAt(..) and expiresAt(..): identities expire by design");
      }
      return new AgentIdentity(
          id,
          owner,
          purpose,
          labels,
          modelBinding,
          state,
          createdAt,
          expiresAt,
          reviewDueAt == null ? expiresAt : reviewDueAt);
    }
  }
}
