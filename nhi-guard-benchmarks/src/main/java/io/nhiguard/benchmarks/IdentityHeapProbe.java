package io.nhiguard.benchmarks;

import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Measures the heap retained per registered identity: used heap after forced collections, before
 * and after registering {@value #DEFAULT_COUNT} active identities (each with an owner, a purpose and
 * its SPIFFE id) in an {@link InMemoryIdentityRegistry}. Writes one JSON object.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.nhiguard.benchmarks.IdentityHeapProbe [out.json
 * [count]]}. Not thread-safe; a command-line tool.
 */
public final class IdentityHeapProbe {

  /** The default number of identities. */
  public static final int DEFAULT_COUNT = 100_000;

  private IdentityHeapProbe() {}

  /**
   * Runs the probe.
   *
   * @param args optional output path and identity count
   * @throws IOException if the output cannot be written
   */
  public static void main(String[] args) throws IOException {
    int count = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_COUNT;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Instant now = Instant.now();
    // Warm the code paths (class loading, pattern compilation) on a throw-away registry.
    InMemoryIdentityRegistry warm = InMemoryIdentityRegistry.of(Clock.systemUTC());
    for (int i = 0; i < 1000; i++) {
      warm.register(NhiGuardEngine.identity("warm-" + i, now), "bench");
    }
    warm = null;
    long before = settledUsedHeap(memory);
    InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(Clock.systemUTC());
    for (int i = 0; i < count; i++) {
      registry.register(NhiGuardEngine.identity("agent-" + i, now), "bench");
    }
    long after = settledUsedHeap(memory);
    Reference.reachabilityFence(registry);
    Reference.reachabilityFence(warm);
    double perIdentity = (after - before) / (double) count;
    String json = String.format(Locale.ROOT,
        "{\"identities\": %d, \"usedHeapBeforeBytes\": %d, \"usedHeapAfterBytes\": %d, \"bytesPerIdentity\": %.1f, "
            + "\"registered\": %d}%n", count, before, after, perIdentity, registry.all().size());
    System.out.print(json);
    if (args.length > 0) {
      Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
    }
  }

  private static long settledUsedHeap(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
