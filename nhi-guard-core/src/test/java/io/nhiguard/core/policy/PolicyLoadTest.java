package io.nhiguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.ToolDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class PolicyLoadTest {

  private static final String HEAD = String.join("\n",
      "policy: p",
      "tools:",
      "  send_money: { action: payment, destination: bank, args: { recipient: recipient, amount: amount } }",
      "  fetch: { action: read, args: { url: { role: url, type: string } } }",
      "rules:",
      "");

  private static PolicyDefinitionException loadError(String rules) {
    try {
      YamlPolicyLanguage.ofDefaults().compile("p.yaml", HEAD + rules);
    } catch (PolicyDefinitionException e) {
      return e;
    }
    throw new AssertionError("expected the policy to be rejected:\n" + rules);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"1e400", "1e34", "12345678901234567890123456789012345", "-1e34", "1.5e40"})
  void compileWhenNumberHasMoreThan34IntegerDigitsThenRejectedEvenWithFewSignificantOnes(String number) {
    assertThat(loadError("  - { id: r, effect: permit, tools: [send_money], when: [ { arg: amount, between: [0, " + number + "] } ] }\n")
        .getMessage()).contains("outside the supported range");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"1e33", "1e-400", "0.000001", "9999999999999999999999999999999999", "2.5e10"})
  void compileWhenNumberIsInRangeThenItPrintsAndParsesBackToTheSameValue(String number) {
    CompiledPolicy p = YamlPolicyLanguage.ofDefaults().compile("p.yaml",
        HEAD + "  - { id: r, effect: permit, tools: [send_money], when: [ { arg: amount, between: [0, " + number + "] } ],"
            + " obligations: { credentialTtl: PT1M } }\n");
    PolicyDocument reread = YamlPolicyLanguage.ofDefaults().parse("printed.yaml", PolicyPrinter.toYaml(p.document()));
    assertThat(reread.rules()).isEqualTo(p.document().rules());
  }

  @Test
  void compileWhenValidThenToolCatalogueIsTyped() {
    CompiledPolicy p = YamlPolicyLanguage.ofDefaults().compile("p.yaml", HEAD + "  - { id: r, effect: permit, tools: [fetch] }\n");
    ToolDescriptor send = p.catalogue().get("send_money");
    assertThat(send.action()).isEqualTo(ActionKind.PAYMENT);
    assertThat(send.argumentRoles()).containsEntry("amount", ArgumentRole.AMOUNT);
    assertThat(send.typeOf("amount")).isEqualTo(ArgumentType.NUMBER);
    assertThat(p.catalogue().get("fetch").typeOf("url")).isEqualTo(ArgumentType.STRING);
    assertThat(p.tool("nope")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown rule field     | '  - { id: r, effect: permit, tools: [fetch], whenn: [] }'                        | 6 | 46 | unknown field 'whenn'",
      "unknown tool           | '  - { id: r, effect: permit, tools: [fetch_all] }'                               | 6 | 37 | unknown tool 'fetch_all'",
      "unknown argument       | '  - { id: r, effect: permit, tools: [fetch], when: [ { arg: uri, matches: x } ] }' | 6 | 54 | no argument 'uri'",
      "number test on string  | '  - { id: r, effect: permit, tools: [fetch], when: [ { arg: url, between: [1, 2] } ] }' | 6 | 54 | needs a number",
      "string test on number  | '  - { id: r, effect: forbid, tools: [send_money], when: [ { arg: amount, matches: x } ] }' | 6 | 59 | needs a string",
      "unknown condition      | '  - { id: r, effect: permit, tools: [fetch], when: [ { argh: url } ] }'          | 6 | 56 | unknown condition 'argh'",
      "unknown operator       | '  - { id: r, effect: permit, tools: [fetch], when: [ { arg: url, startsWith: x } ] }' | 6 | 66 | unknown argument operator",
      "empty when             | '  - { id: r, effect: permit, tools: [fetch], when: [] }'                         | 6 | 52 | empty list",
      "empty anyOf            | '  - { id: r, effect: permit, tools: [fetch], when: [ { anyOf: [] } ] }'          | 6 | 63 | empty list",
      "bad effect             | '  - { id: r, effect: allow, tools: [fetch] }'                                    | 6 | 22 | effect 'allow' is unknown",
      "bad ttl                | '  - { id: r, effect: permit, tools: [fetch], obligations: { credentialTtl: 5m } }' | 6 | 76 | not an ISO-8601 duration",
      "zero ttl               | '  - { id: r, effect: permit, tools: [fetch], obligations: { credentialTtl: PT0S } }' | 6 | 76 | must be positive",
      "approver on permit     | '  - { id: r, effect: permit, tools: [fetch], approver: owner }'                  | 6 |  5 | only escalate rules",
      "bad path root          | '  - { id: r, effect: forbid, tools: [fetch], when: [ { arg: url, pathWithin: data } ] }' | 6 | 54 | is not absolute",
      "bad url entry          | '  - { id: r, effect: permit, tools: [fetch], when: [ { arg: url, urlHostIn: [\"a b\"] } ] }' | 6 | 54 | allow-list entry",
      "wildcard on ip         | '  - { id: r, effect: permit, tools: [fetch], when: [ { arg: url, urlHostIn: [\"*.10.0.0.1\"] } ] }' | 6 | 54 | allow-list entry",
      "reversed range         | '  - { id: r, effect: forbid, tools: [send_money], when: [ { arg: amount, between: [5, 1] } ] }' | 6 | 59 | is empty",
      "string as number       | '  - { id: r, effect: forbid, tools: [send_money], when: [ { arg: amount, between: [\"1\", 5] } ] }' | 6 | 84 | expected a number",
      "bad rule id            | '  - { id: \"r 1\", effect: permit, tools: [fetch] }'                             | 6 |  5 | rule id",
      "bad agent pattern      | '  - { id: r, effect: permit, agents: [bob], tools: [fetch] }'                    | 6 |  5 | agent pattern 'bob'",
      "redact unknown arg     | '  - { id: r, effect: permit, tools: [fetch], obligations: { redact: [body] } }'  | 6 | 69 | redacts unknown argument",
  })
  void compileWhenRuleIsInvalidThenErrorNamesFileLineAndColumn(String name, String rule, int line, int column,
      String message) {
    PolicyDefinitionException e = loadError(rule + "\n");
    assertThat(e.source()).isEqualTo("p.yaml");
    assertThat(e.getMessage()).contains(message);
    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
    assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
  }

  @Test
  void compileWhenDuplicateRuleIdThenRejectedAtTheSecond() {
    PolicyDefinitionException e = loadError("  - { id: r, effect: permit, tools: [fetch] }\n"
        + "  - { id: r, effect: forbid, tools: [fetch] }\n");
    assertThat(e.getMessage()).contains("duplicate rule id 'r'").contains("first defined at line 6");
    assertThat(e.line()).isEqualTo(7);
  }

  @Test
  void compileWhenDuplicateKeyThenRejected() {
    PolicyDefinitionException e = loadError("  - id: r\n    effect: permit\n    effect: forbid\n    tools: [fetch]\n");
    assertThat(e.getMessage()).contains("p.yaml:8:").containsIgnoringCase("duplicate");
  }

  @Test
  void compileWhenJsonDuplicateKeyThenRejected() {
    String json = "{\"policy\":\"p\",\"policy\":\"q\",\"tools\":{},\"rules\":[]}";
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("p.json", json))
        .isInstanceOf(PolicyDefinitionException.class)
        .hasMessageContaining("p.json:1:")
        .hasMessageContaining("uplicate");
  }

  @Test
  void compileWhenJsonPolicyThenSameAsYaml() {
    String json = "{\"policy\":\"p\",\"tools\":{\"fetch\":{\"action\":\"read\"}},"
        + "\"rules\":[{\"id\":\"r\",\"effect\":\"permit\",\"tools\":[\"fetch\"]}]}";
    CompiledPolicy fromJson = YamlPolicyLanguage.ofDefaults().compile("p.json", json);
    CompiledPolicy fromYaml = YamlPolicyLanguage.ofDefaults().compile("p.yaml",
        "policy: p\ntools:\n  fetch: { action: read }\nrules:\n  - { id: r, effect: permit, tools: [fetch] }\n");
    assertThat(fromJson.versionDigest()).isEqualTo(fromYaml.versionDigest());
  }

  @Test
  void compileWhenUnknownTopLevelOrToolFieldThenRejected() {
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("p.yaml", "policy: p\ntools: {}\nrules: []\nextra: 1\n"))
        .hasMessageStartingWith("p.yaml:4:1: unknown field 'extra'");
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("p.yaml",
        "policy: p\ntools:\n  t: { action: read, outputs: untrusted }\nrules: []\n"))
        .hasMessageStartingWith("p.yaml:3:22: unknown field 'outputs'");
  }

  @Test
  void compileWhenMalformedYamlOrTrailingDocumentThenRejected() {
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("p.yaml", "policy: [\n"))
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("p.yaml", "policy: p\ntools: {}\nrules: []\n---\npolicy: q\n"))
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("exactly one document");
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("p.yaml", ""))
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("empty");
  }

  @Test
  void compileWhenPermitOnMutatingToolHasNoTtlThenWarningOrStrictError() {
    String rules = "  - { id: pay, effect: permit, tools: [send_money] }\n";
    CompiledPolicy lenient = YamlPolicyLanguage.ofDefaults().compile("p.yaml", HEAD + rules);
    assertThat(lenient.warnings()).anyMatch(w -> w.contains("rule 'pay' permits send_money (PAYMENT) without a credentialTtl"));
    assertThatThrownBy(() -> YamlPolicyLanguage.strict().compile("p.yaml", HEAD + rules))
        .isInstanceOf(PolicyDefinitionException.class)
        .hasMessageStartingWith("p.yaml:6:5:")
        .hasMessageContaining("without a credentialTtl");
    CompiledPolicy capped = YamlPolicyLanguage.strict().compile("p.yaml",
        HEAD + "  - { id: pay, effect: permit, tools: [send_money], obligations: { credentialTtl: PT1M } }\n");
    assertThat(capped.warnings()).isEmpty();
  }

  @Test
  void compileWhenWildcardMatchesNothingThenWarning() {
    CompiledPolicy p = YamlPolicyLanguage.ofDefaults().compile("p.yaml", HEAD + "  - { id: r, effect: forbid, tools: ['crm.*'] }\n");
    assertThat(p.warnings()).anyMatch(w -> w.contains("'crm.*' matches no tool"));
  }

  @Test
  void compileWhenEmptyListsThenTheyMatchNothing() {
    CompiledPolicy p = YamlPolicyLanguage.ofDefaults().compile("p.yaml", HEAD
        + "  - { id: nobody, effect: permit, agents: [], tools: [fetch] }\n"
        + "  - { id: no-tool, effect: permit, tools: [] }\n"
        + "  - { id: no-host, effect: permit, tools: [fetch], when: [ { arg: url, urlHostIn: [] } ] }\n");
    assertThat(p.warnings()).anyMatch(w -> w.contains("lists no agents")).anyMatch(w -> w.contains("lists no tools"));
    assertThat(Fixtures.decide(p, Fixtures.call("fetch", "{\"url\":\"https://a.example/\"}")).isPermitted()).isFalse();
  }

  @Test
  void printerWhenStringsLookLikeNumbersOrBooleansThenTheyStayStrings() {
    PolicyDocument doc = YamlPolicyLanguage.ofDefaults().parse("p.yaml", HEAD
        + "  - { id: r, effect: forbid, tools: [send_money], when: [ { arg: recipient, in: ['123', 'true', 'null', '1e3', '~'] } ] }\n");
    String yaml = PolicyPrinter.toYaml(doc);
    assertThat(YamlPolicyLanguage.ofDefaults().parse("printed.yaml", yaml)).isEqualTo(doc);
  }

  @Test
  void compileWhenYamlAnchorsOrAliasesThenRejected() {
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("p.yaml",
        "policy: p\ntools:\n  t: &x { action: read }\n  u: *x\nrules: []\n"))
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("anchors and aliases");
  }

  @Test
  void compileWhenPolicyAboveSizeLimitThenRejectedWithoutParsing() {
    String huge = "policy: p\ntools: {}\nrules: []\ndescription: '" + "a".repeat(SourceNode.MAX_CHARS) + "'\n";
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("p.yaml", huge))
        .isInstanceOf(PolicyDefinitionException.class).hasMessageContaining("above the limit");
  }
}
