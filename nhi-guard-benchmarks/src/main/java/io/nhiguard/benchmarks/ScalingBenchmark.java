package io.nhiguard.benchmarks;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.core.policy.CompiledPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Average decision time as the policy grows from 10 to 10,000 rules, ten rules per agent (so 1 to
 * 1,000 agents), 2,000 requests per size, each engine in its global shape: one policy for all
 * agents. Only the engine of the running benchmark method is built.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g"})
@Threads(1)
@State(Scope.Thread)
public class ScalingBenchmark {

  /** The number of rules. */
  @Param({"10", "100", "1000", "10000"})
  public int rules;

  private CompiledPolicy policy;
  private AuthorizationRequest[] nhiRequests;
  private JcasbinEngine casbin;
  private JcasbinEngine.Request[] casbinRequests;
  private CedarEngine cedar;
  private CedarEngine.Request[] cedarRequests;
  private int next;

  /**
   * Builds the engine the running method needs and checks its decisions.
   *
   * @param params the running benchmark
   */
  @Setup
  public void setup(BenchmarkParams params) {
    Workload w = Workload.withRules(rules, 2000);
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    switch (method) {
      case "nhiGuard":
        policy = NhiGuardEngine.compile(w);
        nhiRequests = NhiGuardEngine.requests(w);
        Checks.agree("nhi-guard", w, w.requests(), i -> policy.decide(nhiRequests[i]).isPermitted());
        break;
      case "jcasbinGlobal":
        casbin = JcasbinEngine.build(w, false);
        casbinRequests = JcasbinEngine.requests(w.requests());
        Checks.agree("jcasbin", w, w.requests().subList(0, 100), i -> casbin.global(casbinRequests[i]));
        break;
      case "cedarGlobal":
        cedar = CedarEngine.build(w, true, false);
        cedarRequests = CedarEngine.requests(w.requests());
        Checks.agree("cedar", w, w.requests().subList(0, 20), i -> cedar.global(cedarRequests[i]));
        break;
      default:
        throw new IllegalStateException("no setup for benchmark method " + method);
    }
  }

  private int advance(int length) {
    int i = next;
    next = i + 1 == length ? 0 : i + 1;
    return i;
  }

  /**
   * nhi-guard.
   *
   * @return the decision
   */
  @Benchmark
  public Decision nhiGuard() {
    return policy.decide(nhiRequests[advance(nhiRequests.length)]);
  }

  /**
   * jCasbin, one enforcer.
   *
   * @return the decision
   */
  @Benchmark
  public boolean jcasbinGlobal() {
    return casbin.global(casbinRequests[advance(casbinRequests.length)]);
  }

  /**
   * cedar-java, one cached policy set.
   *
   * @return the decision
   */
  @Benchmark
  public boolean cedarGlobal() {
    return cedar.global(cedarRequests[advance(cedarRequests.length)]);
  }
}
