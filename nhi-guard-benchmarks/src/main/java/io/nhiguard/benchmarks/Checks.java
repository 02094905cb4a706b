package io.nhiguard.benchmarks;

import java.util.List;
import java.util.function.IntPredicate;

/** Pre-timing checks: an engine must agree with the reference before it is measured. Stateless. */
final class Checks {

  private Checks() {}

  /**
   * Fails unless the engine decides every request as the reference does.
   *
   * @param engine the engine name, for the message
   * @param workload the workload holding the reference rules
   * @param requests the requests, index {@code i} is passed to {@code decide}
   * @param decide the engine's decision for request {@code i}
   * @throws IllegalStateException on the first disagreement
   */
  static void agree(String engine, Workload workload, List<Workload.Request> requests, IntPredicate decide) {
    for (int i = 0; i < requests.size(); i++) {
      boolean want = workload.permits(requests.get(i));
      if (decide.test(i) != want) {
        throw new IllegalStateException(engine + " decides request " + i + " (" + requests.get(i) + ") as "
            + (want ? "deny" : "permit") + ", the reference as " + (want ? "permit" : "deny")
            + "; fix the mapping before timing anything");
      }
    }
  }
}
