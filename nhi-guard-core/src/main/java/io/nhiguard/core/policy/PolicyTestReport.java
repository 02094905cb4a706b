package io.nhiguard.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The results of running fixtures with {@link PolicyTester}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PolicyTestReport {

  private final String policyId;
  private final List<FixtureResult> results;

  PolicyTestReport(String policyId, List<FixtureResult> results) {
    this.policyId = Objects.requireNonNull(policyId, "policyId");
    this.results = List.copyOf(results);
  }

  /**
   * Returns every result, in fixture order.
   *
   * @return an unmodifiable list
   */
  public List<FixtureResult> results() {
    return results;
  }

  /**
   * Returns the failed results.
   *
   * @return an unmodifiable list
   */
  public List<FixtureResult> failures() {
    List<FixtureResult> out = new ArrayList<>();
    for (FixtureResult r : results) {
      if (!r.passed()) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Returns whether every fixture passed.
   *
   * @return true when there are no failures
   */
  public boolean isPassed() {
    return failures().isEmpty();
  }

  /**
   * Returns a one-line summary, for example {@code policy 'bank': 12 passed, 1 failed}.
   *
   * @return the summary
   */
  public String summary() {
    int failed = failures().size();
    return "policy '" + policyId + "': " + (results.size() - failed) + " passed, " + failed + " failed";
  }

  /**
   * Fails with every diff unless all fixtures passed; call it from a JUnit test.
   *
   * @throws AssertionError listing each failed fixture
   */
  public void assertAllPassed() {
    List<FixtureResult> failed = failures();
    if (failed.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder(summary());
    for (FixtureResult r : failed) {
      sb.append("\n\n").append(r.diff());
    }
    throw new AssertionError(sb.toString());
  }

  @Override
  public String toString() {
    return summary();
  }
}
