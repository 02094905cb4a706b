package io.nhiguard.langchain4j;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.LifecycleEvent;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.ModelBinding;
import io.nhiguard.api.spi.IdentityRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A map-backed identity registry for tests. */
final class MapIdentityRegistry implements IdentityRegistry {
  private final Map<AgentId, AgentIdentity> identities = new ConcurrentHashMap<>();
  private final List<Consumer<LifecycleEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Clock clock;

  MapIdentityRegistry(Clock clock) {
    this.clock = clock;
  }

  @Override
  public AgentIdentity register(AgentIdentity identity, String actor) {
    if (identities.putIfAbsent(identity.id(), identity) != null) {
      throw new IllegalArgumentException("already registered: " + identity.id());
    }
    return identity;
  }

  @Override
  public Optional<AgentIdentity> find(AgentId id) {
    return Optional.ofNullable(identities.get(id));
  }

  @Override
  public AgentIdentity transition(AgentId id, LifecycleState target, String actor, String reason) {
    AgentIdentity before = find(id).orElseThrow(() -> new IllegalArgumentException("unknown " + id));
    AgentIdentity after = before.withState(target);
    identities.put(id, after);
    LifecycleEvent event = new LifecycleEvent(id, before.state(), target, actor, reason, clock.instant());
    listeners.forEach(l -> l.accept(event));
    return after;
  }

  @Override
  public AgentIdentity rebind(AgentId id, ModelBinding binding, String actor, String reason) {
    AgentIdentity after = find(id).orElseThrow(() -> new IllegalArgumentException("unknown " + id)).withModelBinding(binding);
    identities.put(id, after);
    return after;
  }

  @Override
  public List<AgentIdentity> offboardOwner(String ownerId, String actor, String reason) {
    List<AgentIdentity> out = new ArrayList<>();
    for (AgentIdentity i : all()) {
      if (i.owner().id().equals(ownerId)) {
        out.add(transition(i.id(), LifecycleState.SUSPENDED, actor, reason));
      }
    }
    return out;
  }

  @Override
  public List<AgentIdentity> orphaned() {
    return List.of();
  }

  @Override
  public List<AgentIdentity> reviewOverdue(Instant now) {
    List<AgentIdentity> out = new ArrayList<>();
    identities.values().forEach(i -> {
      if (!now.isBefore(i.reviewDueAt())) {
        out.add(i);
      }
    });
    return out;
  }

  @Override
  public List<AgentIdentity> all() {
    return List.copyOf(identities.values());
  }

  @Override
  public void addListener(Consumer<LifecycleEvent> listener) {
    listeners.add(listener);
  }
}
