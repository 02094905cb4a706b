package io.nhiguard.benchmarks;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.core.policy.CompiledPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decision latency on the standard workload (100 agents, 50 tools, 1,000 rules, 10,000 requests
 * cycled in order): nhi-guard's compiled policy against jCasbin and cedar-java, each in its global
 * shape and jCasbin/Cedar also split per agent (their best shape), plus a {@code HashMap} lookup as
 * the floor. Every state checks its engine against the reference decisions before timing.
 *
 * <p>Average time gives the mean; sample time gives p50/p99/p99.9. Run with {@code -prof gc} for
 * bytes allocated per decision.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g"})
@Threads(1)
public class DecisionBenchmark {

  /** Cycles through an array of pre-built requests. */
  abstract static class Cursor {
    int next;

    final int advance(int length) {
      int i = next;
      next = i + 1 == length ? 0 : i + 1;
      return i;
    }
  }

  /** nhi-guard over all 10,000 requests. */
  @State(Scope.Thread)
  public static class NhiGuard extends Cursor {
    CompiledPolicy policy;
    AuthorizationRequest[] requests;

    /** Compiles the policy, pre-builds the requests and checks every decision. */
    @Setup
    public void setup() {
      Workload w = Workload.standard();
      policy = NhiGuardEngine.compile(w);
      requests = NhiGuardEngine.requests(w);
      Checks.agree("nhi-guard", w, w.requests(), i -> policy.decide(requests[i]).isPermitted());
    }
  }

  /** nhi-guard over the permitted requests only: the permit path. */
  @State(Scope.Thread)
  public static class NhiGuardPermitted extends Cursor {
    CompiledPolicy policy;
    AuthorizationRequest[] requests;

    /** Compiles the policy and pre-builds the permitted requests. */
    @Setup
    public void setup() {
      Workload w = Workload.standard();
      policy = NhiGuardEngine.compile(w);
      List<Workload.Request> permitted = w.permittedRequests();
      requests = NhiGuardEngine.requests(w, permitted);
      Checks.agree("nhi-guard permit path", w, permitted, i -> policy.decide(requests[i]).isPermitted());
    }
  }

  /** jCasbin, global enforcer and per-agent enforcers. */
  @State(Scope.Thread)
  public static class Jcasbin extends Cursor {
    JcasbinEngine engine;
    JcasbinEngine.Request[] requests;

    /** Builds the enforcers and checks the decisions (global on a slice, it scans every rule). */
    @Setup
    public void setup() {
      Workload w = Workload.standard();
      engine = JcasbinEngine.build(w, true);
      requests = JcasbinEngine.requests(w.requests());
      Checks.agree("jcasbin per agent", w, w.requests(), i -> engine.perAgent(requests[i]));
      Checks.agree("jcasbin global", w, w.requests().subList(0, 1000), i -> engine.global(requests[i]));
    }
  }

  /** cedar-java with one cached global policy set. */
  @State(Scope.Thread)
  public static class CedarGlobal extends Cursor {
    CedarEngine engine;
    CedarEngine.Request[] requests;

    /** Parses and caches the set and checks a slice of decisions (each takes milliseconds). */
    @Setup
    public void setup() {
      Workload w = Workload.standard();
      engine = CedarEngine.build(w, true, false);
      requests = CedarEngine.requests(w.requests());
      Checks.agree("cedar global", w, w.requests().subList(0, 100), i -> engine.global(requests[i]));
    }
  }

  /** cedar-java with one cached policy set per agent. */
  @State(Scope.Thread)
  public static class CedarPerAgent extends Cursor {
    CedarEngine engine;
    CedarEngine.Request[] requests;

    /** Parses and caches the sets and checks every decision. */
    @Setup
    public void setup() {
      Workload w = Workload.standard();
      engine = CedarEngine.build(w, false, true);
      requests = CedarEngine.requests(w.requests());
      Checks.agree("cedar per agent", w, w.requests(), i -> engine.perAgent(requests[i]));
    }
  }

  /** The floor: one {@code HashMap<String, Boolean>} lookup keyed by agent and tool. */
  @State(Scope.Thread)
  public static class Lookup extends Cursor {
    Map<String, Boolean> table;
    String[] keys;

    /** Fills the table with one entry per request key. */
    @Setup
    public void setup() {
      Workload w = Workload.standard();
      table = new HashMap<>();
      keys = new String[w.requests().size()];
      for (int i = 0; i < keys.length; i++) {
        Workload.Request r = w.requests().get(i);
        keys[i] = r.agent() + "|" + r.tool();
        table.put(keys[i], w.permits(r));
      }
    }
  }

  /**
   * nhi-guard: {@code CompiledPolicy.decide}.
   *
   * @param s the state
   * @return the decision
   */
  @Benchmark
  public Decision nhiGuard(NhiGuard s) {
    return s.policy.decide(s.requests[s.advance(s.requests.length)]);
  }

  /**
   * nhi-guard, permitted requests only.
   *
   * @param s the state
   * @return the decision
   */
  @Benchmark
  public Decision nhiGuardPermitPath(NhiGuardPermitted s) {
    return s.policy.decide(s.requests[s.advance(s.requests.length)]);
  }

  /**
   * jCasbin, one enforcer with all 1,000 rules.
   *
   * @param s the state
   * @return the decision
   */
  @Benchmark
  public boolean jcasbinGlobal(Jcasbin s) {
    return s.engine.global(s.requests[s.advance(s.requests.length)]);
  }

  /**
   * jCasbin, the enforcer of the request's agent (about 10 rules).
   *
   * @param s the state
   * @return the decision
   */
  @Benchmark
  public boolean jcasbinPerAgent(Jcasbin s) {
    return s.engine.perAgent(s.requests[s.advance(s.requests.length)]);
  }

  /**
   * cedar-java, one cached set of 1,000 policies.
   *
   * @param s the state
   * @return the decision
   */
  @Benchmark
  public boolean cedarGlobal(CedarGlobal s) {
    return s.engine.global(s.requests[s.advance(s.requests.length)]);
  }

  /**
   * cedar-java, the cached set of the request's agent (about 10 policies).
   *
   * @param s the state
   * @return the decision
   */
  @Benchmark
  public boolean cedarPerAgent(CedarPerAgent s) {
    return s.engine.perAgent(s.requests[s.advance(s.requests.length)]);
  }

  /**
   * The floor: a {@code HashMap} lookup.
   *
   * @param s the state
   * @return the stored decision
   */
  @Benchmark
  public Boolean hashMapLookup(Lookup s) {
    return s.table.get(s.keys[s.advance(s.keys.length)]);
  }
}
