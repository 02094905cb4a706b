package io.nhiguard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.core.policy.CompiledPolicy;
import io.nhiguard.core.policy.Policies;
import io.nhiguard.core.policy.PolicyPrinter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three engines must decide the benchmark workload identically before any of them is timed:
 * every one of the 10,000 requests against nhi-guard, jCasbin (global and per-agent) and cedar-java
 * (per agent), each compared with the plain reference evaluator. The global jCasbin enforcer and the
 * global Cedar set evaluate all 1,000 rules per call (Cedar: milliseconds each), so they are checked
 * on a sample of the requests. No timing is asserted.
 */
final class EngineAgreementTest {

  private static Workload workload;
  private static List<Workload.Request> requests;
  private static boolean[] expected;

  @BeforeAll
  static void generate() {
    workload = Workload.standard();
    requests = workload.requests();
    expected = new boolean[requests.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = workload.permits(requests.get(i));
    }
  }

  @Test
  void standardWorkloadWhenGeneratedThenHasTheAdvertisedShape() {
    assertThat(workload.agents()).hasSize(100);
    assertThat(workload.tools()).hasSize(50);
    assertThat(workload.rules()).hasSize(1000);
    assertThat(requests).hasSize(10_000);
    assertThat(workload.rules()).anyMatch(Workload.Rule::wildcard);
    assertThat(workload.rules()).anyMatch(r -> !r.permit());
    for (Workload.Condition c : Workload.Condition.values()) {
      assertThat(workload.rules()).anyMatch(r -> r.condition() == c);
    }
    int permitted = count(expected);
    assertThat(permitted).isBetween(6500, 7700);
    // Some requests are denied by a forbid that overrides a permit, not only by default deny.
    long overridden = requests.stream()
        .filter(q -> !workload.permits(q))
        .filter(q -> workload.rules().stream().anyMatch(r -> r.permit() && Workload.applies(r, q)))
        .count();
    assertThat(overridden).isPositive();
  }

  @Test
  void workloadWhenGeneratedTwiceThenIdentical() {
    Workload again = Workload.standard();
    assertThat(again.rules()).isEqualTo(workload.rules());
    assertThat(again.requests()).isEqualTo(workload.requests());
  }

  @Test
  void nhiGuardWhenDecidingEveryRequestThenAgreesWithReference() {
    CompiledPolicy policy = NhiGuardEngine.compile(workload);
    AuthorizationRequest[] prebuilt = NhiGuardEngine.requests(workload);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < prebuilt.length; i++) {
      Decision d = policy.decide(prebuilt[i]);
      if (d.isPermitted() != expected[i]) {
        mismatches.add(i + ": " + requests.get(i) + " -> " + d.reasonCode());
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void jcasbinWhenDecidingEveryRequestThenAgreesWithReferenceInBothShapes() {
    JcasbinEngine engine = JcasbinEngine.build(workload, true);
    JcasbinEngine.Request[] prebuilt = JcasbinEngine.requests(requests);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < prebuilt.length; i++) {
      // The global enforcer scans all 1,000 rules per call: check it on every fifth request.
      if (i % 5 == 0 && engine.global(prebuilt[i]) != expected[i]) {
        mismatches.add("global " + i + ": " + requests.get(i));
      }
      if (engine.perAgent(prebuilt[i]) != expected[i]) {
        mismatches.add("per-agent " + i + ": " + requests.get(i));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void cedarWhenDecidingEveryRequestPerAgentThenAgreesWithReference() {
    CedarEngine engine = CedarEngine.build(workload, false, true);
    CedarEngine.Request[] prebuilt = CedarEngine.requests(requests);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < prebuilt.length; i++) {
      if (engine.perAgent(prebuilt[i]) != expected[i]) {
        mismatches.add(i + ": " + requests.get(i));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void cedarWhenDecidingWithTheGlobalSetThenAgreesWithReferenceOnASlice() {
    CedarEngine engine = CedarEngine.build(workload, true, false);
    CedarEngine.Request[] prebuilt = CedarEngine.requests(requests.subList(0, 200));
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < prebuilt.length; i++) {
      if (engine.global(prebuilt[i]) != expected[i]) {
        mismatches.add(i + ": " + requests.get(i));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void policyWhenPrintedAsYamlAndLoadedThenDecidesTheSame() {
    CompiledPolicy direct = NhiGuardEngine.compile(workload);
    CompiledPolicy loaded = Policies.fromYaml("bench.yaml", PolicyPrinter.toYaml(NhiGuardEngine.document(workload)));
    assertThat(loaded.ruleCount()).isEqualTo(1000);
    AuthorizationRequest[] prebuilt = NhiGuardEngine.requests(workload);
    for (int i = 0; i < prebuilt.length; i += 10) {
      assertThat(loaded.decide(prebuilt[i]).isPermitted()).as("request %d", i).isEqualTo(direct.decide(prebuilt[i]).isPermitted());
    }
  }

  @Test
  void scalingWorkloadsWhenDecidedThenNhiGuardAgreesWithReferenceAtEverySize() {
    for (int rules : new int[] {10, 100, 1000, 10_000}) {
      Workload w = Workload.withRules(rules, 1000);
      CompiledPolicy policy = NhiGuardEngine.compile(w);
      AuthorizationRequest[] prebuilt = NhiGuardEngine.requests(w);
      int permitted = 0;
      for (int i = 0; i < prebuilt.length; i++) {
        boolean want = w.permits(w.requests().get(i));
        assertThat(policy.decide(prebuilt[i]).isPermitted()).as("rules %d request %d", rules, i).isEqualTo(want);
        permitted += want ? 1 : 0;
      }
      assertThat(permitted).as("permitted share at %d rules", rules).isBetween(500, 900);
    }
  }

  private static int count(boolean[] values) {
    int n = 0;
    for (boolean v : values) {
      n += v ? 1 : 0;
    }
    return n;
  }
}
