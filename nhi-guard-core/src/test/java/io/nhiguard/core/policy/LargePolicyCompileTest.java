package io.nhiguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.Decision;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures (does not assert) how long a generated 10,000-rule policy takes to load and compile,
 * and how long one decision takes on it; prints the figures.
 */
@Tag("measurement")
final class LargePolicyCompileTest {

  static String generate(int tools, int rules) {
    StringBuilder sb = new StringBuilder("policy: large\nversion: 1\ntools:\n");
    for (int t = 0; t < tools; t++) {
      sb.append("  ns").append(t % 50).append(".tool").append(t)
          .append(": { action: payment, destination: bank, args: { recipient: recipient, amount: amount, url: { role: url, type: string } } }\n");
    }
    sb.append("rules:\n");
    for (int r = 0; r < rules; r++) {
      int t = r % tools;
      String tool = r % 100 == 0 ? "'ns" + (t % 50) + ".*'" : "ns" + (t % 50) + ".tool" + t;
      switch (r % 4) {
        case 0:
          sb.append("  - { id: r").append(r).append(", effect: permit, tools: [").append(tool)
              .append("], when: [ { arg: amount, between: [0, ").append(r + 1).append("] },"
                  + " { arg: recipient, in: task.intent.recipients } ], obligations: { credentialTtl: PT1M } }\n");
          break;
        case 1:
          sb.append("  - { id: r").append(r).append(", effect: forbid, agents: ['label:l").append(r % 7)
              .append("'], tools: [").append(tool).append("], when: [ { arg: recipient, matches: 'evil[0-9]+' } ] }\n");
          break;
        case 2:
          sb.append("  - { id: r").append(r).append(", effect: escalate, agents: ['spiffe://corp/agent/a")
              .append(r % 13).append("'], tools: [").append(tool).append("], when: [ { arg: amount, totalAtMost: ")
              .append(r * 10).append(" } ] }\n");
          break;
        default:
          sb.append("  - { id: r").append(r).append(", effect: permit, tools: [").append(tool)
              .append("], when: [ { arg: url, urlHostIn: [api").append(r).append(".example.com, '*.corp").append(r)
              .append(".example'] } ], obligations: { credentialTtl: PT30S } }\n");
      }
    }
    return sb.toString();
  }

  /** Thread CPU time, read reflectively because the test is compiled inside the core module. */
  private static long cpuNanos() {
    try {
      Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      return (Long) Class.forName("java.lang.management.ThreadMXBean").getMethod("getCurrentThreadCpuTime").invoke(bean);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("thread CPU time is not available", e);
    }
  }

  @Test
  void compileWhenTenThousandRulesThenMeasuredAndPrinted() {
    String text = generate(1000, 10_000);
    CompiledPolicy warm = YamlPolicyLanguage.ofDefaults().compile("warm.yaml", generate(100, 1000));
    assertThat(warm.ruleCount()).isEqualTo(1000);
    long cpu0 = cpuNanos();
    long start = System.nanoTime();
    CompiledPolicy policy = YamlPolicyLanguage.ofDefaults().compile("large.yaml", text);
    long compileNanos = System.nanoTime() - start;
    long compileCpuNanos = cpuNanos() - cpu0;
    assertThat(policy.ruleCount()).isEqualTo(10_000);
    PolicyFixture fixture = PolicyFixture.builder("large").call("ns7.tool7", "{\"recipient\":\"alice\",\"amount\":5,"
        + "\"url\":\"https://api7.example.com/\"}").intentParameter("recipients", java.util.List.of("alice"))
        .expect("permit", null, null).build();
    var request = fixture.request(policy);
    Decision d = policy.decide(request);
    assertThat(d.isPermitted()).as(d.explanation()).isTrue();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      d = policy.decide(request);
    }
    long c0 = cpuNanos();
    for (int i = 0; i < n; i++) {
      d = policy.decide(request);
    }
    long perDecisionCpu = (cpuNanos() - c0) / n;
    long candidates = d.explanation().lines().filter(l -> l.matches("  (permit|forbid|escalate) .*")).count();
    System.out.printf(Locale.ROOT, "[measurement] 10,000-rule policy (%d chars, 1,000 tools): load+compile %d ms wall,"
        + " %d ms CPU; one decision with %d candidate rules: ~%d ns CPU (rough loop, not JMH)%n", text.length(),
        compileNanos / 1_000_000, compileCpuNanos / 1_000_000, candidates, perDecisionCpu);
  }
}
