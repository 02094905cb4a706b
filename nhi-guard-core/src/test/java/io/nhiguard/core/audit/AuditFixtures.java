package io.nhiguard.core.audit;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.spi.AuditSink;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Events and logs for audit tests. */
final class AuditFixtures {

  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private AuditFixtures() {}

  static AuditEvent decision(int i) {
    return AuditEvent.builder(AuditEvent.Type.DECISION, T0.plusMillis(i))
        .decisionId("d-" + i)
        .callId("c-" + i)
        .agent("spiffe://example.org/agent/a" + (i % 3))
        .owner("alice")
        .taskId("t-" + (i / 10))
        .toolName("mail.send")
        .arguments("{\"to\":\"bob@example.com\",\"n\":" + i + "}")
        .argumentDigest("ab".repeat(32))
        .policyId("p")
        .policyVersion("v1")
        .decision(i % 2 == 0 ? "PERMIT" : "DENY")
        .reasonCode(i % 2 == 0 ? "PERMITTED_BY_RULE" : "DEFAULT_DENY")
        .ruleIds(List.of("r" + (i % 4)))
        .obligations(Map.of("credentialTtlCap", "PT5M"))
        .outcome(i % 2 == 0 ? AuditEvent.Outcome.PERMITTED : AuditEvent.Outcome.DENIED)
        .durationNanos(1000L + i)
        .details(Map.of("k", "v" + i))
        .build();
  }

  /** Appends {@code n} decision events through a synchronous log and returns the records. */
  static List<AuditRecord> chain(int n) {
    InMemoryAuditSink sink = new InMemoryAuditSink();
    try (AuditLog log = AuditLog.builder().sink(sink).synchronous().build()) {
      for (int i = 0; i < n; i++) {
        log.append(decision(i));
      }
    }
    return sink.records();
  }

  static List<AuditRecord> signedChain(int n, AuditSigningKey key) {
    InMemoryAuditSink sink = new InMemoryAuditSink();
    try (AuditLog log = AuditLog.builder().sink(sink).signingKey(key).synchronous().build()) {
      for (int i = 0; i < n; i++) {
        log.append(decision(i));
      }
    }
    return sink.records();
  }

  /** A sink that fails on its {@code failAt}-th write (1-based), counting the records it stored. */
  static final class FailingSink implements AuditSink {
    private final long failAt;
    private long writes;
    final InMemoryAuditSink stored = new InMemoryAuditSink();

    FailingSink(long failAt) {
      this.failAt = failAt;
    }

    @Override
    public synchronized void write(AuditRecord record) {
      writes++;
      if (writes >= failAt) {
        throw new io.nhiguard.api.AuditFailureException("disk full");
      }
      stored.write(record);
    }
  }
}
