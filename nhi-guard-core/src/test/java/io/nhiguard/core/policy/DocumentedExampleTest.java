package io.nhiguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keeps the example of docs/policy-language.md compiling and deciding as documented. */
final class DocumentedExampleTest {

  @Test
  void documentedExampleWhenLoadedFromClasspathThenStrictlyValidAndFixturesPass() {
    CompiledPolicy policy = Policies.fromClasspath("policies/banking-example.yaml");
    assertThat(policy.warnings()).isEmpty();
    PolicyTestReport report = PolicyTester.of(policy).runClasspath("policies/banking-example-tests.yaml");
    report.assertAllPassed();
    assertThat(report.results()).hasSize(9);
  }

  @Test
  void documentedExampleWhenPrintedThenParsesBackEqual() {
    CompiledPolicy policy = Policies.fromClasspath("/policies/banking-example.yaml");
    assertThat(Policies.fromYaml("printed.yaml", PolicyPrinter.toYaml(policy.document())).versionDigest())
        .isEqualTo(policy.versionDigest());
  }
}
