package io.nhiguard.benchmarks;

import io.nhiguard.core.policy.CompiledPolicy;
import io.nhiguard.core.policy.Policies;
import io.nhiguard.core.policy.PolicyDocument;
import io.nhiguard.core.policy.PolicyPrinter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to compile a 10,000-rule policy (1,000 agents, 50 tools): validation plus index build from
 * a document, and the whole load from YAML text (parse, validate, index). Single shot: each
 * measurement is one cold-ish compilation.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g"})
@State(Scope.Benchmark)
public class CompileBenchmark {

  private PolicyDocument document;
  private String yaml;

  /** Generates the document and its YAML form. */
  @Setup
  public void setup() {
    document = NhiGuardEngine.document(Workload.withRules(10_000, 1));
    yaml = PolicyPrinter.toYaml(document);
  }

  /**
   * Compiles the document.
   *
   * @return the policy
   */
  @Benchmark
  public CompiledPolicy compileDocument() {
    return CompiledPolicy.compile(document);
  }

  /**
   * Loads the policy from YAML text.
   *
   * @return the policy
   */
  @Benchmark
  public CompiledPolicy loadYaml() {
    return Policies.fromYaml("bench.yaml", yaml);
  }
}
