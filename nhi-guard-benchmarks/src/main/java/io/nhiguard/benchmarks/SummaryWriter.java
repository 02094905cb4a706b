package io.nhiguard.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a JMH JSON result file (plus the identity heap probe's JSON) into the Markdown summary the
 * README shows: decision latency with percentiles and the nhi-guard : jCasbin : cedar-java ratios,
 * scaling, guarded-call overhead, allocation, compile time, heap per identity, the machine and the
 * date, and a check against the targets.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.nhiguard.benchmarks.SummaryWriter jmh.json
 * identity-heap.json summary.md}; the environment variables {@code LOAD_BEFORE}, {@code
 * LOAD_AFTER} and {@code JMH_ARGS} are reported when set. Not thread-safe; a command-line tool.
 */
public final class SummaryWriter {

  private static final String PKG = "io.nhiguard.benchmarks.";

  private final List<JsonNode> results = new ArrayList<>();
  private final JsonNode heap;
  private final JsonNode cpu;

  private SummaryWriter(JsonNode jmh, JsonNode heap, JsonNode cpu) {
    jmh.forEach(results::add);
    this.heap = heap;
    this.cpu = cpu.path("results");
  }

  /**
   * Writes the summary.
   *
   * @param args the JMH JSON, the heap probe JSON and the CPU-time JSON (either may be missing) and
   *     the output path
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: SummaryWriter <jmh-results.json> <identity-heap.json> <cpu-time.json> <summary.md>");
    }
    ObjectMapper mapper = new ObjectMapper();
    JsonNode jmh = mapper.readTree(Path.of(args[0]).toFile());
    String md = new SummaryWriter(jmh, optional(mapper, Path.of(args[1])), optional(mapper, Path.of(args[2]))).render();
    Files.writeString(Path.of(args[3]), md, StandardCharsets.UTF_8);
    System.out.print(md);
  }

  private static JsonNode optional(ObjectMapper mapper, Path file) throws IOException {
    return Files.exists(file) ? mapper.readTree(file.toFile()) : mapper.createObjectNode();
  }

  private double cpu(String name) {
    return cpu.path(name).asDouble(Double.NaN);
  }

  private Optional<JsonNode> find(String benchmark, String mode, String rules) {
    for (JsonNode r : results) {
      if (r.path("benchmark").asText().equals(PKG + benchmark) && r.path("mode").asText().equals(mode)
          && (rules == null || r.path("params").path("rules").asText().equals(rules))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private double score(String benchmark, String mode) {
    return find(benchmark, mode, null).map(r -> r.path("primaryMetric").path("score").asDouble(Double.NaN)).orElse(Double.NaN);
  }

  private double percentile(String benchmark, String p) {
    return find(benchmark, "sample", null)
        .map(r -> r.path("primaryMetric").path("scorePercentiles").path(p).asDouble(Double.NaN))
        .orElse(Double.NaN);
  }

  private double alloc(String benchmark, String mode, String rules) {
    return find(benchmark, mode, rules).map(SummaryWriter::allocOf).orElse(Double.NaN);
  }

  private static double allocOf(JsonNode r) {
    JsonNode secondary = r.path("secondaryMetrics");
    for (var it = secondary.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.endsWith("gc.alloc.rate.norm")) {
        return secondary.path(name).path("score").asDouble(Double.NaN);
      }
    }
    return Double.NaN;
  }

  private double scaling(String method, String rules) {
    return find("ScalingBenchmark." + method, "avgt", rules)
        .map(r -> r.path("primaryMetric").path("score").asDouble(Double.NaN))
        .orElse(Double.NaN);
  }

  private String render() {
    StringBuilder sb = new StringBuilder();
    JsonNode any = results.isEmpty() ? null : results.get(0);
    sb.append("# nhi-guard benchmark summary\n\n");
    sb.append("- Date: ").append(Instant.now().truncatedTo(ChronoUnit.MINUTES)).append('\n');
    sb.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores visible to the JVM, ")
        .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
        .append(System.getProperty("os.arch")).append('\n');
    if (any != null) {
      sb.append("- JDK: ").append(any.path("vmName").asText()).append(' ').append(any.path("jdkVersion").asText())
          .append(" (").append(any.path("vmVersion").asText()).append("); JMH ").append(any.path("jmhVersion").asText())
          .append(", ").append(any.path("forks").asText()).append(" fork, 1 thread, warmup ")
          .append(any.path("warmupIterations").asText()).append(" x ").append(any.path("warmupTime").asText())
          .append(", measurement ").append(any.path("measurementIterations").asText()).append(" x ")
          .append(any.path("measurementTime").asText()).append('\n');
    }
    String args = System.getenv("JMH_ARGS");
    if (args != null) {
      sb.append("- JMH arguments: `").append(args).append("`\n");
    }
    String before = System.getenv("LOAD_BEFORE");
    String after = System.getenv("LOAD_AFTER");
    if (before != null || after != null) {
      sb.append("- Load average (1/5/15 min) before the run: ").append(before == null ? "n/a" : before)
          .append("; after: ").append(after == null ? "n/a" : after)
          .append(". A load above the core count means other processes competed for the CPU: absolute times are inflated,"
              + " the ratios measured in the same run are the fair comparison.\n");
    }
    sb.append('\n');

    sb.append("## Decision latency: 1,000 rules, 100 agents, 50 tools, 10,000 requests\n\n");
    sb.append("Pre-built requests, cycled in order; every engine agreed with the reference on the workload before timing."
        + " Mean from average-time mode, percentiles from sample mode; allocation from `-prof gc` (average-time run).\n\n");
    sb.append("| Engine (shape) | mean ns | p50 ns | p99 ns | p99.9 ns | alloc B/op | mean vs nhi-guard |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    double base = score("DecisionBenchmark.nhiGuard", "avgt");
    String[][] rows = {
      {"nhiGuard", "nhi-guard, compiled policy (all requests)"},
      {"nhiGuardPermitPath", "nhi-guard, permitted requests only"},
      {"jcasbinGlobal", "jCasbin 1.99.0, one enforcer (1,000 rules)"},
      {"jcasbinPerAgent", "jCasbin 1.99.0, one enforcer per agent (~10 rules)"},
      {"cedarGlobal", "cedar-java 4.10.0, one cached policy set (1,000 policies)"},
      {"cedarPerAgent", "cedar-java 4.10.0, one cached set per agent (~10 policies)"},
      {"hashMapLookup", "HashMap lookup (floor)"},
    };
    for (String[] row : rows) {
      String b = "DecisionBenchmark." + row[0];
      double mean = score(b, "avgt");
      sb.append("| ").append(row[1]).append(" | ").append(num(mean)).append(" | ").append(num(percentile(b, "50.0")))
          .append(" | ").append(num(percentile(b, "99.0"))).append(" | ").append(num(percentile(b, "99.9")))
          .append(" | ").append(num(alloc(b, "avgt", null))).append(" | ").append(ratio(mean, base)).append(" |\n");
    }
    sb.append('\n');
    double casbinBest = Math.min(score("DecisionBenchmark.jcasbinPerAgent", "avgt"), score("DecisionBenchmark.jcasbinGlobal", "avgt"));
    double cedarBest = Math.min(score("DecisionBenchmark.cedarPerAgent", "avgt"), score("DecisionBenchmark.cedarGlobal", "avgt"));
    sb.append("**nhi-guard : jCasbin : cedar-java** (mean time per decision, lower is faster)\n\n");
    sb.append("- each peer in its best shape (split per agent): 1 : ").append(ratioNum(casbinBest, base)).append(" : ")
        .append(ratioNum(cedarBest, base)).append('\n');
    sb.append("- every engine with one global policy: 1 : ")
        .append(ratioNum(score("DecisionBenchmark.jcasbinGlobal", "avgt"), base)).append(" : ")
        .append(ratioNum(score("DecisionBenchmark.cedarGlobal", "avgt"), base)).append('\n');
    double p50 = percentile("DecisionBenchmark.nhiGuard", "50.0");
    sb.append("- at p50, best shapes: 1 : ")
        .append(ratioNum(Math.min(percentile("DecisionBenchmark.jcasbinPerAgent", "50.0"), percentile("DecisionBenchmark.jcasbinGlobal", "50.0")), p50))
        .append(" : ")
        .append(ratioNum(Math.min(percentile("DecisionBenchmark.cedarPerAgent", "50.0"), percentile("DecisionBenchmark.cedarGlobal", "50.0")), p50))
        .append("\n\n");

    if (cpu.size() > 0) {
      sb.append("### Cross-check: thread CPU time, engines interleaved in one JVM\n\n");
      sb.append("`CpuTimeComparison` runs the same engines round-robin in one JVM and divides the benchmark thread's CPU time"
          + " by the operations (median of the measured rounds). Waiting for a CPU on a loaded machine is not counted, and"
          + " every engine sees the same conditions, so these ratios hold even when the wall-clock numbers above are inflated.\n\n");
      sb.append("| Engine (shape) | CPU ns/op | vs nhi-guard |\n|---|---:|---:|\n");
      double cbase = cpu("nhiGuard");
      String[][] crows = {
        {"nhiGuard", "nhi-guard"},
        {"jcasbinPerAgent", "jCasbin, enforcer per agent"},
        {"jcasbinGlobal", "jCasbin, one enforcer"},
        {"cedarPerAgent", "cedar-java, cached set per agent"},
        {"cedarGlobal", "cedar-java, one cached set"},
      };
      for (String[] row : crows) {
        sb.append("| ").append(row[1]).append(" | ").append(num(cpu(row[0]))).append(" | ").append(ratio(cpu(row[0]), cbase))
            .append(" |\n");
      }
      sb.append("\nnhi-guard : jCasbin : cedar-java by CPU time: best shapes 1 : ")
          .append(ratioNum(Math.min(cpu("jcasbinPerAgent"), cpu("jcasbinGlobal")), cbase)).append(" : ")
          .append(ratioNum(Math.min(cpu("cedarPerAgent"), cpu("cedarGlobal")), cbase)).append("; global shapes 1 : ")
          .append(ratioNum(cpu("jcasbinGlobal"), cbase)).append(" : ").append(ratioNum(cpu("cedarGlobal"), cbase))
          .append(". Guarded call (in-memory audit) ").append(num(cpu("guardedInMemoryAudit"))).append(" CPU ns against ")
          .append(num(cpu("bareCall"))).append(" for the bare call. nhi-guard scaling (one global policy, ten rules per agent):")
          .append(" 10 rules ").append(num(cpu("nhiGuardRules10"))).append(", 100 rules ").append(num(cpu("nhiGuardRules100")))
          .append(", 1,000 rules ").append(num(cpu("nhiGuardRules1000"))).append(", 10,000 rules ")
          .append(num(cpu("nhiGuardRules10000"))).append(" CPU ns per decision.\n\n");
    }

    sb.append("## Scaling: mean ns per decision, one global policy, 10 rules per agent\n\n");
    sb.append("| rules (agents) | nhi-guard | jCasbin | cedar-java | nhi-guard alloc B/op |\n|---:|---:|---:|---:|---:|\n");
    for (String rules : new String[] {"10", "100", "1000", "10000"}) {
      int agents = Math.max(1, Integer.parseInt(rules) / 10);
      sb.append("| ").append(String.format(Locale.ROOT, "%,d (%,d)", Integer.parseInt(rules), agents)).append(" | ")
          .append(num(scaling("nhiGuard", rules))).append(" | ").append(num(scaling("jcasbinGlobal", rules))).append(" | ")
          .append(num(scaling("cedarGlobal", rules))).append(" | ")
          .append(num(alloc("ScalingBenchmark.nhiGuard", "avgt", rules))).append(" |\n");
    }
    double flat = scaling("nhiGuard", "10000") / scaling("nhiGuard", "10");
    sb.append("\nnhi-guard at 10,000 rules / at 10 rules: ").append(ratioNum(scaling("nhiGuard", "10000"), scaling("nhiGuard", "10")))
        .append("x.\n\n");

    sb.append("## Guarded call: `NhiGuard.intercept` against calling the tool directly\n\n");
    sb.append("Permitted requests of the workload; raw JSON arguments parsed per call; decision on the 1,000-rule policy;"
        + " call credential leased and revoked; synchronous hash-chained audit (decision and outcome records).\n\n");
    sb.append("| Call | mean ns | p50 ns | p99 ns | p99.9 ns | alloc B/op |\n|---|---:|---:|---:|---:|---:|\n");
    String[][] guarded = {
      {"bareCall", "bare call (no guard)"},
      {"guardedInMemoryAudit", "guarded, audit in memory"},
      {"guardedFileAudit", "guarded, audit to a JSON Lines file"},
    };
    for (String[] row : guarded) {
      String b = "GuardedCallBenchmark." + row[0];
      sb.append("| ").append(row[1]).append(" | ").append(num(score(b, "avgt"))).append(" | ")
          .append(num(percentile(b, "50.0"))).append(" | ").append(num(percentile(b, "99.0"))).append(" | ")
          .append(num(percentile(b, "99.9"))).append(" | ").append(num(alloc(b, "avgt", null))).append(" |\n");
    }
    double bareP99 = percentile("GuardedCallBenchmark.bareCall", "99.0");
    double memP99 = percentile("GuardedCallBenchmark.guardedInMemoryAudit", "99.0");
    double fileP99 = percentile("GuardedCallBenchmark.guardedFileAudit", "99.0");
    sb.append("\nOverhead at p99 (guarded minus bare): in memory ").append(us(memP99 - bareP99)).append(", file ")
        .append(us(fileP99 - bareP99)).append(".\n\n");

    sb.append("## Compile and memory\n\n");
    sb.append("- Compile a 10,000-rule policy (1,000 agents, 50 tools), single shot: from the document ")
        .append(num(score("CompileBenchmark.compileDocument", "ss"))).append(" ms, from YAML text ")
        .append(num(score("CompileBenchmark.loadYaml", "ss"))).append(" ms.\n");
    if (heap.has("bytesPerIdentity")) {
      sb.append("- Heap per registered identity (InMemoryIdentityRegistry, ")
          .append(String.format(Locale.ROOT, "%,d", heap.path("identities").asInt())).append(" identities): ")
          .append(num(heap.path("bytesPerIdentity").asDouble())).append(" bytes.\n");
    }
    sb.append('\n');

    sb.append("## Targets (issue 9)\n\n| Target | Measured | Met |\n|---|---|---|\n");
    double p99 = percentile("DecisionBenchmark.nhiGuard", "99.0");
    target(sb, "decision p50 <= 1 us at 1,000 rules", num(p50) + " ns", p50 <= 1000);
    target(sb, "decision p99 <= 5 us at 1,000 rules", num(p99) + " ns", p99 <= 5000);
    target(sb, ">= 10x faster than jCasbin and cedar-java (mean, best shapes)",
        ratioNum(casbinBest, base) + "x / " + ratioNum(cedarBest, base) + "x", casbinBest / base >= 10 && cedarBest / base >= 10);
    target(sb, "flat from 10 to 10,000 rules (within 2x)", ratioNum(scaling("nhiGuard", "10000"), scaling("nhiGuard", "10")) + "x", flat <= 2);
    target(sb, "guarded call overhead p99 <= 25 us (in-memory audit)", us(memP99 - bareP99), memP99 - bareP99 <= 25_000);
    if (cpu.size() > 0) {
      double cbase = cpu("nhiGuard");
      double cc = Math.min(cpu("jcasbinPerAgent"), cpu("jcasbinGlobal"));
      double cd = Math.min(cpu("cedarPerAgent"), cpu("cedarGlobal"));
      target(sb, "decision mean <= 1 us, thread CPU time (interleaved cross-check)", num(cbase) + " ns", cbase <= 1000);
      target(sb, ">= 10x faster than both peers, thread CPU time (best shapes)",
          ratioNum(cc, cbase) + "x / " + ratioNum(cd, cbase) + "x", cc / cbase >= 10 && cd / cbase >= 10);
      target(sb, "flat from 10 to 10,000 rules (within 2x), thread CPU time",
          ratioNum(cpu("nhiGuardRules10000"), cpu("nhiGuardRules10")) + "x",
          cpu("nhiGuardRules10000") / cpu("nhiGuardRules10") <= 2);
      double overhead = cpu("guardedInMemoryAudit") - cpu("bareCall");
      target(sb, "guarded call overhead, mean thread CPU time (in-memory audit)", us(overhead), overhead <= 25_000);
    }
    double permitAlloc = alloc("DecisionBenchmark.nhiGuardPermitPath", "avgt", null);
    target(sb, "no allocation per decision on the permit path", num(permitAlloc) + " B/op", permitAlloc < 1);
    return sb.toString();
  }

  private static void target(StringBuilder sb, String what, String measured, boolean met) {
    sb.append("| ").append(what).append(" | ").append(measured).append(" | ").append(met ? "yes" : "no").append(" |\n");
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String us(double ns) {
    return Double.isNaN(ns) ? "n/a" : String.format(Locale.ROOT, "%.1f us", ns / 1000);
  }

  private static String ratio(double v, double base) {
    return Double.isNaN(v) || Double.isNaN(base) ? "n/a" : ratioNum(v, base) + "x";
  }

  private static String ratioNum(double v, double base) {
    if (Double.isNaN(v) || Double.isNaN(base) || base == 0) {
      return "n/a";
    }
    double r = v / base;
    return r >= 10 ? String.format(Locale.ROOT, "%,.0f", r) : String.format(Locale.ROOT, "%.2f", r);
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "CPU model unknown";
    }
    return "CPU model unknown";
  }
}
