package io.nhiguard.core.identity;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.Owner;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/** Identities for tests: created at 2026-01-01T00:00:00Z, valid 90 days, review due after 30. */
public final class TestIdentities {
  /** The creation instant of every test identity. */
  public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  /** The default owner. */
  public static final Owner ALICE = Owner.of("alice@example.org", "Alice");

  private TestIdentities() {}

  /**
   * Returns the ID {@code spiffe://example.org/agent/<name>}.
   *
   * @param name the agent name
   * @return the ID
   */
  public static AgentId id(String name) {
    return AgentId.agent("example.org", name);
  }

  /**
   * Returns a provisioned identity owned by Alice.
   *
   * @param name the agent name
   * @return the identity
   */
  public static AgentIdentity agent(String name) {
    return agent(name, b -> b);
  }

  /**
   * Returns a provisioned identity owned by Alice, customized.
   *
   * @param name the agent name
   * @param customizer changes to the builder
   * @return the identity
   */
  public static AgentIdentity agent(String name, UnaryOperator<AgentIdentity.Builder> customizer) {
    AgentIdentity.Builder b =
        AgentIdentity.builder(id(name))
            .owner(ALICE)
            .purpose("pays invoices")
            .createdAt(CREATED)
            .expiresAt(CREATED.plus(Duration.ofDays(90)))
            .reviewDueAt(CREATED.plus(Duration.ofDays(30)));
    return customizer.apply(b).build();
  }
}
