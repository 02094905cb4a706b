package io.nhiguard.core.policy;

import io.nhiguard.api.ReasonCode;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one {@link PolicyFixture}: what was expected, what the policy decided, and a
 * readable diff when they differ.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the fixture name
 * @param passed whether the decision matched every expectation
 * @param actualKind the decision kind: {@code PERMIT}, {@code DENY} or {@code ESCALATE}
 * @param actualRules the deciding rule ids
 * @param actualReason the reason code
 * @param explanation the decision's explanation
 * @param diff empty when passed, else the expected and actual values, line by line
 * @since 0.1.0
 */
public record FixtureResult(
    String name,
    boolean passed,
    String actualKind,
    List<String> actualRules,
    ReasonCode actualReason,
    String explanation,
    String diff) {

  /**
   * Validates a result.
   *
   * @param name the {@code name} component
   * @param passed the {@code passed} component
   * @param actualKind the {@code actualKind} component
   * @param actualRules the {@code actualRules} component
   * @param actualReason the {@code actualReason} component
   * @param explanation the {@code explanation} component
   * @param diff the {@code diff} component
   * @throws NullPointerException if a component is null
   */
  public FixtureResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(actualKind, "actualKind");
    actualRules = List.copyOf(Objects.requireNonNull(actualRules, "actualRules"));
    Objects.requireNonNull(actualReason, "actualReason");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(diff, "diff");
  }

  /**
   * Fails with the diff unless the fixture passed; for use as the body of a JUnit dynamic test.
   *
   * @throws AssertionError if the fixture failed
   */
  public void assertPassed() {
    if (!passed) {
      throw new AssertionError(diff);
    }
  }
}
