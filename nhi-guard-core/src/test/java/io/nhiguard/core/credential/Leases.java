package io.nhiguard.core.credential;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.LeaseRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Builds lease requests for tests. */
final class Leases {

  static final AgentId AGENT = AgentId.agent("example.org", "billing");
  static final AgentId PARENT = AgentId.agent("example.org", "orchestrator");
  static final AgentId OTHER = AgentId.agent("example.org", "other");
  static final String TASK = "task-1";
  static final String AUDIENCE = "https://payments.example.org";
  static final Instant FAR = Instant.parse("2030-01-01T00:00:00Z");

  private Leases() {}

  static LeaseRequest task(Duration ttl) {
    return new LeaseRequest(
        AGENT, TASK, AUDIENCE, Set.of("invoice:read"), ActionKind.READ, ttl, null, FAR, List.of(), "");
  }

  static LeaseRequest call(Duration ttl, String digest) {
    return new LeaseRequest(
        AGENT, TASK, AUDIENCE, Set.of("invoice:read"), ActionKind.READ, ttl, null, FAR, List.of(), digest);
  }

  static LeaseRequest of(
      AgentId agent,
      String task,
      ActionKind action,
      Duration ttl,
      Duration cap,
      Instant notAfter,
      List<AgentId> chain,
      String digest) {
    return new LeaseRequest(agent, task, AUDIENCE, Set.of("invoice:read"), action, ttl, cap, notAfter, chain, digest);
  }
}
