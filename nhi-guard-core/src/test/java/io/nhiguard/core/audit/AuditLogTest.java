package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditFailureException;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.spi.AuditSink;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AuditLogTest {

  @TempDir Path dir;

  @Test
  void appendWhenFlushedThenEveryRecordIsWrittenInChainOrder() {
    InMemoryAuditSink sink = new InMemoryAuditSink();
    try (AuditLog log = AuditLog.builder().sink(sink).build()) {
      for (int i = 0; i < 100; i++) {
        AuditRecord r = log.append(AuditFixtures.decision(i));
        assertThat(r.sequence()).isEqualTo(i + 1L);
      }
      log.flush();
      assertThat(log.appendedCount()).isEqualTo(100);
      assertThat(log.writtenCount()).isEqualTo(100);
      assertThat(sink.size()).isEqualTo(100);
      assertThat(log.head()).isEqualTo(AuditHead.of(sink.records().get(99)));
    }
    assertThat(AuditVerifier.ofDefaults().verify(sink.records()).isOk()).isTrue();
  }

  @Test
  void appendWhenManyThreadsThenChainIsIntactAndNothingLost() throws Exception {
    InMemoryAuditSink sink = new InMemoryAuditSink();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (AuditLog log = AuditLog.builder().sink(sink).overflowPolicy(OverflowPolicy.BLOCK).queueCapacity(64).build()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 1000; i++) {
            log.append(AuditFixtures.decision(base + i));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      log.flush();
      assertThat(log.appendedCount()).isEqualTo(4000);
      assertThat(log.writtenCount()).isEqualTo(4000);
    } finally {
      pool.shutdown();
    }
    assertThat(sink.size()).isEqualTo(4000);
    assertThat(AuditVerifier.ofDefaults().verify(sink.records()).isOk()).isTrue();
  }

  @Test
  void appendWhenSynchronousSinkFailsThenThrowsAndEveryLaterAppendThrows() {
    AuditFixtures.FailingSink sink = new AuditFixtures.FailingSink(3);
    AuditLog log = AuditLog.builder().sink(sink).synchronous().build();
    log.append(AuditFixtures.decision(0));
    log.append(AuditFixtures.decision(1));

    assertThatExceptionOfType(AuditFailureException.class)
        .isThrownBy(() -> log.append(AuditFixtures.decision(2)))
        .withMessageContaining("failed writing record 3");
    assertThatExceptionOfType(AuditFailureException.class)
        .isThrownBy(() -> log.append(AuditFixtures.decision(3)))
        .withMessageStartingWith("The audit log has failed and refuses every record (fail closed)");
    assertThat(log.failure()).isPresent();
    assertThat(log.appendedCount()).isEqualTo(2);
    assertThat(log.writtenCount()).isEqualTo(2);
    assertThat(sink.stored.size()).isEqualTo(2);
    assertThatExceptionOfType(AuditFailureException.class).isThrownBy(log::close);
  }

  @Test
  void appendWhenQueuedSinkFailsThenFailureIsReportedAndCountsAddUp() {
    AuditFixtures.FailingSink sink = new AuditFixtures.FailingSink(3);
    AuditLog log = AuditLog.builder().sink(sink).build();
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 10; i++) {
      try {
        log.append(AuditFixtures.decision(i));
        accepted++;
      } catch (AuditFailureException e) {
        refused++;
      }
    }
    assertThatExceptionOfType(AuditFailureException.class).isThrownBy(log::flush);
    assertThatExceptionOfType(AuditFailureException.class).isThrownBy(() -> log.append(AuditFixtures.decision(10)));

    assertThat(accepted + refused).isEqualTo(10);
    assertThat(log.appendedCount()).isEqualTo(accepted);
    assertThat(log.writtenCount()).isEqualTo(2);
    assertThat(sink.stored.size()).isEqualTo(2);
    assertThat(log.writtenCount() + log.undeliveredCount()).isEqualTo(log.appendedCount());
    assertThatExceptionOfType(AuditFailureException.class)
        .isThrownBy(log::close)
        .withMessageContaining((accepted - 2) + " record(s) were accepted but not written to every sink (first at sequence 3)");
  }

  @Test
  void appendAndWaitWhenSinkFailsThenThrowsForThatRecord() {
    AuditFixtures.FailingSink sink = new AuditFixtures.FailingSink(2);
    AuditLog log = AuditLog.builder().sink(sink).build();
    AuditRecord first = log.appendAndWait(AuditFixtures.decision(0));
    assertThat(sink.stored.records()).containsExactly(first);

    assertThatExceptionOfType(AuditFailureException.class)
        .isThrownBy(() -> log.appendAndWait(AuditFixtures.decision(1)))
        .withMessage("Audit record 2 was not written to every sink because a sink failed");
    assertThat(log.undeliveredCount()).isEqualTo(1);
    assertThatExceptionOfType(AuditFailureException.class).isThrownBy(log::close);
  }

  @Test
  void appendWhenQueueFullThenFailsClosedWithoutConsumingASequence() throws Exception {
    GateSink sink = new GateSink();
    AuditLog log = AuditLog.builder().sink(sink).queueCapacity(2).build();
    log.append(AuditFixtures.decision(0));
    assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
    log.append(AuditFixtures.decision(1));
    log.append(AuditFixtures.decision(2));

    assertThatExceptionOfType(AuditFailureException.class)
        .isThrownBy(() -> log.append(AuditFixtures.decision(3)))
        .withMessageStartingWith("The audit queue is full (2 records waiting)");

    sink.gate.countDown();
    log.flush();
    AuditRecord next = log.append(AuditFixtures.decision(4));
    assertThat(next.sequence()).isEqualTo(4);
    log.close();
    assertThat(log.appendedCount()).isEqualTo(4);
    assertThat(sink.stored.size()).isEqualTo(4);
    assertThat(AuditVerifier.ofDefaults().verify(sink.stored.records()).isOk()).isTrue();
  }

  @Test
  void appendWhenQueueFullAndBlockPolicyThenWaitsForRoom() throws Exception {
    GateSink sink = new GateSink();
    AuditLog log = AuditLog.builder().sink(sink).queueCapacity(1).overflowPolicy(OverflowPolicy.BLOCK).build();
    log.append(AuditFixtures.decision(0));
    assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
    log.append(AuditFixtures.decision(1));
    assertThat(log.queuedCount()).isEqualTo(1);

    CompletableFuture<AuditRecord> blocked = CompletableFuture.supplyAsync(() -> log.append(AuditFixtures.decision(2)));
    assertThat(blocked.isDone()).isFalse();
    sink.gate.countDown();

    assertThat(blocked.get(10, TimeUnit.SECONDS).sequence()).isEqualTo(3);
    log.close();
    assertThat(sink.stored.size()).isEqualTo(3);
    assertThat(log.writtenCount()).isEqualTo(log.appendedCount());
  }

  @Test
  void appendWhenClosedThenThrows() {
    AuditLog log = AuditLog.builder().sink(new InMemoryAuditSink()).build();
    log.close();
    log.close();
    assertThatExceptionOfType(AuditFailureException.class)
        .isThrownBy(() -> log.append(AuditFixtures.decision(0)))
        .withMessage("The audit log is closed; no record can be accepted, so the action must be denied");
  }

  @Test
  void appendWhenSignedThenRecordsVerifyWithTheTrustedKey() {
    AuditSigningKey key = AuditSigningKey.generate("audit-1", new SecureRandom());
    InMemoryAuditSink sink = new InMemoryAuditSink();
    try (AuditLog log = AuditLog.builder().sink(sink).signingKey(key).build()) {
      AuditRecord r = log.append(AuditFixtures.decision(0));
      assertThat(r.keyId()).isEqualTo("audit-1");
      assertThat(r.signature()).hasSize(86);
      log.append(AuditFixtures.decision(1));
    }
    AuditVerifier verifier = AuditVerifier.builder().trustKey("audit-1", key.publicKey()).requireSignatures().build();
    assertThat(verifier.verify(sink.records()).isOk()).isTrue();
    assertThat(key.toString()).doesNotContain(java.util.Base64.getUrlEncoder().encodeToString(key.publicKey()));
  }

  @Test
  void resumeAfterWhenFileReopenedThenChainContinuesAcrossRestarts() {
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.builder().sink(JsonLinesAuditSink.open(file)).build()) {
      log.append(AuditFixtures.decision(0));
      log.append(AuditFixtures.decision(1));
    }
    VerificationResult before = AuditVerifier.ofDefaults().verify(file);
    try (AuditLog log = AuditLog.builder().sink(JsonLinesAuditSink.open(file)).resumeAfter(before.head()).build()) {
      assertThat(log.append(AuditFixtures.decision(2)).sequence()).isEqualTo(3);
    }
    VerificationResult after = AuditVerifier.ofDefaults().verify(file, before.head());
    assertThat(after.isOk()).isTrue();
    assertThat(after.recordsVerified()).isEqualTo(3);
  }

  @Test
  void genesisHashWhenCustomThenFirstRecordLinksToIt() {
    InMemoryAuditSink sink = new InMemoryAuditSink();
    String genesis = "ab".repeat(32);
    try (AuditLog log = AuditLog.builder().sink(sink).genesisHash(genesis).synchronous().build()) {
      assertThat(log.append(AuditFixtures.decision(0)).previousHash()).isEqualTo(genesis);
    }
    assertThat(AuditVerifier.builder().startAfter(new AuditHead(0, genesis)).build().verify(sink.records()).isOk())
        .isTrue();
    assertThat(AuditVerifier.ofDefaults().verify(sink.records()).failure())
        .isEqualTo(VerificationResult.Failure.BROKEN_LINK);
  }

  @Test
  void newEventWhenClockInjectedThenStampsItsInstant() {
    Clock clock = Clock.fixed(AuditFixtures.T0, ZoneOffset.UTC);
    try (AuditLog log = AuditLog.builder().sink(new InMemoryAuditSink()).clock(clock).build()) {
      assertThat(log.newEvent(AuditEvent.Type.LIFECYCLE).build().time()).isEqualTo(AuditFixtures.T0);
    }
  }

  @Test
  void builderWhenMisconfiguredThenThrows() {
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> AuditLog.builder().build())
        .withMessage("An audit log needs at least one sink; add one with sink(..)");
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> AuditLog.builder().queueCapacity(2).queueCapacity(3))
        .withMessage("queueCapacity is already set");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> AuditLog.builder().queueCapacity(0))
        .withMessage("queueCapacity must be at least 1, but was 0");
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> AuditLog.builder().sink(new InMemoryAuditSink()).synchronous().queueCapacity(2).build())
        .withMessage("queueCapacity and overflowPolicy do not apply to a synchronous() log");
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> AuditLog.builder().genesisHash("0".repeat(64)).resumeAfter(AuditHead.EMPTY))
        .withMessage("genesisHash/resumeAfter is already set");
    assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> AuditLog.builder().sink(null));
  }

  /** Blocks every write until the gate opens; signals when the first write has started. */
  static final class GateSink implements AuditSink {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    final InMemoryAuditSink stored = new InMemoryAuditSink();

    @Override
    public void write(AuditRecord record) {
      entered.countDown();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new AuditFailureException("gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuditFailureException("interrupted");
      }
      stored.write(record);
    }
  }
}
