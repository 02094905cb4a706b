package io.nhiguard.benchmarks;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.core.policy.CompiledPolicy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * A load-robust cross-check of the JMH run: the engines of {@link DecisionBenchmark} and the calls
 * of {@link GuardedCallBenchmark}, interleaved round-robin in one JVM, each timed by the CPU time of
 * the benchmark thread ({@link ThreadMXBean#getCurrentThreadCpuTime()}) instead of wall time. On a
 * shared machine whose load exceeds its cores, wall time also counts the time a thread waits for
 * a CPU and each JMH benchmark sees a different load; thread CPU time does not (caches and the
 * JIT threads are still shared). Reports the median over the measured rounds in nanoseconds per
 * operation; means only, no percentiles.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.nhiguard.benchmarks.CpuTimeComparison [out.json
 * [rounds [budgetMillis]]]}. Not thread-safe; a command-line tool.
 */
public final class CpuTimeComparison {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuTimeComparison() {}

  /** One engine under test: a decision by index and a batch size between CPU clock reads. */
  private static final class Subject {
    final String name;
    final int requests;
    final int batch;
    final IntPredicate op;
    final List<Double> rounds = new ArrayList<>();
    long permitted;
    int next;

    Subject(String name, int requests, int batch, IntPredicate op) {
      this.name = name;
      this.requests = requests;
      this.batch = batch;
      this.op = op;
    }

    /** Runs batches until {@code budgetNanos} of thread CPU time is spent; returns CPU ns per op. */
    double run(long budgetNanos) {
      long start = THREADS.getCurrentThreadCpuTime();
      long spent;
      long ops = 0;
      do {
        for (int k = 0; k < batch; k++) {
          int i = next;
          next = i + 1 == requests ? 0 : i + 1;
          if (op.test(i)) {
            permitted++;
          }
        }
        ops += batch;
        spent = THREADS.getCurrentThreadCpuTime() - start;
      } while (spent < budgetNanos);
      return spent / (double) ops;
    }

    double median(int skip) {
      double[] v = rounds.stream().skip(skip).mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(v);
      return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
  }

  /**
   * Runs the comparison.
   *
   * @param args optional output path, number of rounds (default 16, the first half are warm-up: on a loaded machine the JIT compilers get little CPU, so code stays interpreted for several rounds)
   *     and CPU budget per engine per round in milliseconds (default 150)
   * @throws IOException if the output cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (!THREADS.isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time; run on a HotSpot JVM on Linux, macOS or Windows");
    }
    THREADS.setThreadCpuTimeEnabled(true);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    long budget = (args.length > 2 ? Long.parseLong(args[2]) : 150) * 1_000_000L;
    Workload w = Workload.standard();

    CompiledPolicy policy = NhiGuardEngine.compile(w);
    AuthorizationRequest[] nhi = NhiGuardEngine.requests(w);
    JcasbinEngine casbin = JcasbinEngine.build(w, true);
    JcasbinEngine.Request[] casbinRequests = JcasbinEngine.requests(w.requests());
    CedarEngine cedar = CedarEngine.build(w, true, true);
    CedarEngine.Request[] cedarRequests = CedarEngine.requests(w.requests());
    Checks.agree("nhi-guard", w, w.requests(), i -> policy.decide(nhi[i]).isPermitted());
    Checks.agree("jcasbin per agent", w, w.requests(), i -> casbin.perAgent(casbinRequests[i]));
    Checks.agree("cedar per agent", w, w.requests(), i -> cedar.perAgent(cedarRequests[i]));

    GuardedCallBenchmark.Calls calls = new GuardedCallBenchmark.Calls();
    calls.setup();
    GuardedCallBenchmark.InMemory guarded = new GuardedCallBenchmark.InMemory();
    guarded.setup(calls);
    GuardedCallBenchmark bench = new GuardedCallBenchmark();
    GuardedCallBenchmark.Bare bare = new GuardedCallBenchmark.Bare();

    int n = nhi.length;
    List<Subject> subjects = new ArrayList<>(List.of(
        new Subject("nhiGuard", n, 1000, i -> policy.decide(nhi[i]).isPermitted()),
        new Subject("jcasbinPerAgent", n, 100, i -> casbin.perAgent(casbinRequests[i])),
        new Subject("jcasbinGlobal", n, 10, i -> casbin.global(casbinRequests[i])),
        new Subject("cedarPerAgent", n, 50, i -> cedar.perAgent(cedarRequests[i])),
        new Subject("cedarGlobal", n, 1, i -> cedar.global(cedarRequests[i])),
        new Subject("bareCall", calls.json.length, 10_000, i -> bench.bareCall(calls, bare).text().length() == 4),
        new Subject("guardedInMemoryAudit", calls.json.length, 200, i -> bench.guardedInMemoryAudit(calls, guarded).text().length() == 4)));
    for (int rules : new int[] {10, 100, 1000, 10_000}) {
      // Scaling, as ScalingBenchmark: ten rules per agent, one global policy, 2,000 requests.
      Workload sw = Workload.withRules(rules, 2000);
      CompiledPolicy sp = NhiGuardEngine.compile(sw);
      AuthorizationRequest[] sr = NhiGuardEngine.requests(sw);
      subjects.add(new Subject("nhiGuardRules" + rules, sr.length, 1000, i -> sp.decide(sr[i]).isPermitted()));
    }
    for (int r = 0; r < rounds; r++) {
      StringBuilder line = new StringBuilder("round " + r + ":");
      for (Subject s : subjects) {
        double v = s.run(budget);
        s.rounds.add(v);
        line.append(String.format(Locale.ROOT, " %s=%.0f", s.name, v));
      }
      System.out.println(line);
    }
    guarded.tearDown();

    int skip = rounds / 2;
    StringBuilder json = new StringBuilder("{\n  \"unit\": \"thread CPU ns per operation, median of rounds\",\n");
    json.append("  \"rounds\": ").append(rounds).append(", \"warmupRounds\": ").append(skip)
        .append(", \"budgetMillisPerRound\": ").append(budget / 1_000_000).append(",\n  \"results\": {");
    for (int k = 0; k < subjects.size(); k++) {
      Subject s = subjects.get(k);
      json.append(k == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT, "    \"%s\": %.1f", s.name, s.median(skip)));
    }
    json.append("\n  }\n}\n");
    System.out.print(json);
    if (args.length > 0) {
      Files.writeString(Path.of(args[0]), json.toString(), StandardCharsets.UTF_8);
    }
  }
}
