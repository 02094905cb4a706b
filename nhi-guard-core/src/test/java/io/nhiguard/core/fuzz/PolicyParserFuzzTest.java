package io.nhiguard.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.MalformedArgumentsException;
import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.core.policy.CompiledPolicy;
import io.nhiguard.core.policy.PolicyDocument;
import io.nhiguard.core.policy.PolicyFixture;
import io.nhiguard.core.policy.PolicyPrinter;
import io.nhiguard.core.policy.YamlPolicyLanguage;

/**
 * Fuzz target for the policy loader: whatever text is loaded, compiling either yields a policy or
 * throws {@link PolicyDefinitionException}; nothing else escapes. A policy that loads prints back
 * to the same tools and rules (rules in id order), and deciding a call with it never throws.
 *
 * <p>Two targets: raw text, and YAML assembled from fragments of the grammar so that the fuzzer
 * reaches the rule and condition checks. Without {@code JAZZER_FUZZ} the committed inputs under
 * {@code src/test/resources/io/nhiguard/core/fuzz/PolicyParserFuzzTestInputs/} run as regression
 * tests; see docs/fuzzing.md for a fuzzing run.
 */
final class PolicyParserFuzzTest {

  private static final String[] TOOLS = {"pay", "fs.read", "fetch", "send_email", "*", "fs.*", "Pay", "pay "};
  private static final String[] ACTIONS = {"read", "write", "delete", "send", "payment", "execute", "admin", "x"};
  private static final String[] ARGS = {
    "amount", "{ role: amount, type: any }", "recipient", "{ role: path, type: string }", "{ role: url, type: string }",
    "free_text", "secret", "identifier", "{ type: integer }", "{ type: boolean }", "{ role: amount, type: string }"
  };
  private static final String[] EFFECTS = {"permit", "forbid", "escalate", "allow", ""};
  private static final String[] CONDITIONS = {
    "{ arg: a, between: [0, 100] }",
    "{ arg: a, between: [100, 0] }",
    "{ arg: a, matches: '[a-z]+@corp' }",
    "{ arg: a, matches: '(a)\\1' }",
    "{ arg: a, pathWithin: /data }",
    "{ arg: a, pathWithin: 'data/../x' }",
    "{ arg: a, urlHostIn: [api.example.com, '*.example.org'] }",
    "{ arg: a, urlHostIn: ['*'] }",
    "{ arg: a, in: task.intent.recipients }",
    "{ arg: a, provenance: trusted }",
    "{ arg: a, totalAtMost: 1e400 }",
    "{ arg: a, withinSpendingCap: true }",
    "{ session: untrustedContentSeen }",
    "{ dataClassRead: [private, pii] }",
    "{ destinationIn: [bank] }",
    "{ not: { arg: a, between: [0, 1] } }",
    "{ anyOf: [] }",
    "{ allOf: [ { session: untrustedContentSeen } ] }",
    "{ arg: missing, between: [0, 1] }",
    "{ arg: a }",
    "&x { arg: a }",
  };
  private static final String[] OBLIGATIONS = {
    "", "    obligations: { credentialTtl: PT1M }\n", "    obligations: { credentialTtl: PT0S }\n",
    "    obligations: { credentialTtl: -PT1M }\n", "    obligations: { credentialTtl: P9999D }\n", "    approver: owner\n"
  };

  @FuzzTest(maxDuration = "10m")
  void compileOfArbitraryTextFailsOnlyWithPolicyDefinitionException(FuzzedDataProvider data) {
    boolean strict = data.consumeBoolean();
    check(strict, data.consumeRemainingAsString());
  }

  @FuzzTest(maxDuration = "10m")
  void compileOfGrammarShapedYamlFailsOnlyWithPolicyDefinitionException(FuzzedDataProvider data) {
    StringBuilder yaml = new StringBuilder("policy: fuzzed\nversion: ").append(data.consumeInt(-2, 1000)).append("\ntools:\n");
    int tools = data.consumeInt(0, 3);
    for (int i = 0; i < tools; i++) {
      yaml.append("  ").append(data.pickValue(TOOLS)).append(": { action: ").append(data.pickValue(ACTIONS));
      if (data.consumeBoolean()) {
        yaml.append(", destination: ").append(data.consumeBoolean() ? "bank" : data.consumeString(12));
      }
      if (data.consumeBoolean()) {
        yaml.append(", output: untrusted");
      }
      yaml.append(", args: { a: ").append(data.pickValue(ARGS)).append(" } }\n");
    }
    yaml.append("rules:\n");
    int rules = data.consumeInt(0, 3);
    for (int i = 0; i < rules; i++) {
      yaml.append("  - id: ").append(data.consumeBoolean() ? "r" + i : data.consumeString(8)).append('\n');
      yaml.append("    effect: ").append(data.pickValue(EFFECTS)).append('\n');
      yaml.append("    tools: [").append(data.pickValue(TOOLS)).append("]\n");
      int conditions = data.consumeInt(0, 3);
      if (conditions > 0) {
        yaml.append("    when:\n");
        for (int c = 0; c < conditions; c++) {
          yaml.append("      - ").append(data.consumeBoolean() ? data.pickValue(CONDITIONS) : data.consumeString(24)).append('\n');
        }
      }
      yaml.append(data.pickValue(OBLIGATIONS));
    }
    yaml.append(data.consumeRemainingAsString());
    check(data.consumeBoolean(), yaml.toString());
  }

  private static void check(boolean strict, String text) {
    YamlPolicyLanguage language = strict ? YamlPolicyLanguage.strict() : YamlPolicyLanguage.ofDefaults();
    CompiledPolicy policy;
    try {
      policy = language.compile("fuzzed.yaml", text);
    } catch (PolicyDefinitionException expected) {
      assertThat(expected.getMessage()).startsWith("fuzzed.yaml");
      return;
    }
    assertThat(language.compile("fuzzed.yaml", text).versionDigest()).isEqualTo(policy.versionDigest());
    PolicyDocument document = policy.document();
    String printed = PolicyPrinter.toYaml(document);
    PolicyDocument reread = language.parse("printed.yaml", printed);
    assertThat(reread.tools()).isEqualTo(document.tools());
    assertThat(reread.rules()).containsExactlyInAnyOrderElementsOf(document.rules());
    assertThat(PolicyPrinter.toYaml(reread)).isEqualTo(printed);
    for (String tool : policy.catalogue().keySet()) {
      decideNeverThrows(policy, tool, "{}");
      decideNeverThrows(policy, tool, "{\"a\":\"/data/x\"}");
      decideNeverThrows(policy, tool, "{\"a\":5}");
    }
    decideNeverThrows(policy, "unknown_tool", "{}");
  }

  private static void decideNeverThrows(CompiledPolicy policy, String tool, String json) {
    PolicyFixture fixture =
        PolicyFixture.builder(tool).call(tool, json).intentParameter("recipients", java.util.List.of("bob")).expect("deny", null, null).build();
    io.nhiguard.api.AuthorizationRequest request;
    try {
      request = fixture.request(policy);
    } catch (MalformedArgumentsException typeMismatch) {
      return;
    }
    Decision decision = policy.decide(request);
    assertThat(decision.reasonCode()).isNotNull();
  }
}
