package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes 1,000,000 records from 4 threads to a JSON Lines file and verifies the chain with none
 * lost. Excluded from the default build (tag {@code load}); run it with:
 *
 * <pre>
 * mvn -o -pl nhi-guard-core -am test -Dtest=AuditLoadTest -Dsurefire.failIfNoSpecifiedTests=false -Dnhiguard.excludedGroups=none
 * </pre>
 *
 * The figures are printed to the test output and written to {@code target/audit-load.txt}.
 */
@Tag("load")
final class AuditLoadTest {

  private static final int THREADS = 4;
  private static final int PER_THREAD = 250_000;
  private static final int TOTAL = THREADS * PER_THREAD;

  @TempDir Path dir;

  @Test
  void appendWhenMillionRecordsFromFourThreadsThenChainVerifiesWithNoneLost() throws Exception {
    Path file = dir.resolve("load.jsonl");
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    long appended;
    long written;
    try (AuditLog log =
        AuditLog.builder()
            .sink(JsonLinesAuditSink.open(file, FsyncPolicy.ON_FLUSH))
            .overflowPolicy(OverflowPolicy.BLOCK)
            .build()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < PER_THREAD; i++) {
            AuditEvent base = AuditFixtures.decision(i);
            log.append(
                AuditEvent.builder(base.type(), base.time())
                    .decisionId(Integer.toString(thread * PER_THREAD + i))
                    .callId(base.callId())
                    .agent(base.agent())
                    .owner(base.owner())
                    .taskId(base.taskId())
                    .toolName(base.toolName())
                    .arguments(base.arguments())
                    .argumentDigest(base.argumentDigest())
                    .policyId(base.policyId())
                    .policyVersion(base.policyVersion())
                    .decision(base.decision())
                    .reasonCode(base.reasonCode())
                    .ruleIds(base.ruleIds())
                    .obligations(base.obligations())
                    .outcome(base.outcome())
                    .durationNanos(base.durationNanos())
                    .build());
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      log.flush();
      appended = log.appendedCount();
      written = log.writtenCount();
      assertThat(log.undeliveredCount()).isZero();
    } finally {
      pool.shutdown();
    }
    long writeNanos = System.nanoTime() - start;

    long verifyStart = System.nanoTime();
    VerificationResult result = AuditVerifier.ofDefaults().verify(file);
    long verifyNanos = System.nanoTime() - verifyStart;

    BitSet seen = new BitSet(TOTAL);
    AuditLogReader.forEach(file, r -> seen.set(Integer.parseInt(r.event().decisionId())));

    assertThat(appended).isEqualTo(TOTAL);
    assertThat(written).isEqualTo(TOTAL);
    assertThat(result.isOk()).as(result.message()).isTrue();
    assertThat(result.recordsVerified()).isEqualTo(TOTAL);
    assertThat(result.head().sequence()).isEqualTo(TOTAL);
    assertThat(seen.cardinality()).isEqualTo(TOTAL);

    String report =
        String.format(
            Locale.ROOT,
            "audit load: %d records from %d threads in %.2f s (%.0f records/s, appended and written, fsync on flush);"
                + " file %.1f MiB (%.0f bytes/record); verify %.2f s (%.0f records/s); processors %d%n",
            TOTAL, THREADS, writeNanos / 1e9, TOTAL / (writeNanos / 1e9), Files.size(file) / 1048576.0,
            Files.size(file) / (double) TOTAL, verifyNanos / 1e9, TOTAL / (verifyNanos / 1e9),
            Runtime.getRuntime().availableProcessors());
    System.out.print(report);
    Files.writeString(Path.of("target", "audit-load.txt"), report, StandardCharsets.UTF_8);
  }
}
