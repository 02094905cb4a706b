package io.nhiguard.core.policy;

import static io.nhiguard.core.policy.Fixtures.call;
import static io.nhiguard.core.policy.Fixtures.decide;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhiguard.api.Decision;
import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.ReasonCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AdversarialCasesTest {

  private static final String FS = String.join("\n",
      "policy: fs",
      "tools:",
      "  fs.read: { action: read, args: { path: { role: path, type: string } } }",
      "  fs.read_all: { action: read }",
      "  fs.readx: { action: read }",
      "  fs: { action: read }",
      "  fsx.read: { action: read }",
      "  fs.sub.read: { action: read }",
      "  read_and_delete: { action: delete, args: { path: { role: path, type: string } } }",
      "rules:",
      "  - id: read-only",
      "    effect: permit",
      "    tools: [fs.read]",
      "");

  @Test
  void AC_01_exactToolNameNeverMatchesALongerName() {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("fs.yaml", FS);
    assertThat(decide(pdp, call("fs.read", "{\"path\":\"/a\"}")).isPermitted()).isTrue();
    assertThat(decide(pdp, call("fs.read_all", "{}")).reasonCode()).isEqualTo(ReasonCode.DEFAULT_DENY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fs.read_all", "fs.readx", "fs", "fsx.read", "fs.sub.read"})
  void AC_01_siblingsOfAnExactNameAreDenied(String tool) {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("fs.yaml", FS);
    assertThat(decide(pdp, call(tool, "{}")).isPermitted()).isFalse();
  }

  @Test
  void AC_01_namespaceWildcardMatchesOnLabelBoundaryOnly() {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("fs.yaml",
        FS.replace("tools: [fs.read]\n", "tools: ['fs.*']\n"));
    assertThat(decide(pdp, call("fs.read_all", "{}")).isPermitted()).isTrue();
    assertThat(decide(pdp, call("fs.sub.read", "{}")).isPermitted()).isTrue();
    assertThat(decide(pdp, call("fs", "{}")).isPermitted()).isFalse();
    assertThat(decide(pdp, call("fsx.read", "{}")).isPermitted()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"fs.read*", "fs*", "*.read", "fs.re?d", "fs..*", "FS.read", "fs.read "})
  void AC_01_toolPatternsThatAreNotNamesOrNamespaceWildcardsAreRejectedAtLoad(String pattern) {
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("fs.yaml",
        FS.replace("tools: [fs.read]\n", "tools: ['" + pattern + "']\n")))
        .isInstanceOf(PolicyDefinitionException.class)
        .hasMessageStartingWith("fs.yaml:13:");
  }

  @Test
  void AC_04_regexIsFullMatchNeverFind() {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("fs.yaml", FS + String.join("\n",
        "  - id: read-like-paths",
        "    effect: permit",
        "    tools: [read_and_delete]",
        "    when: [ { arg: path, matches: read } ]",
        "    obligations: { credentialTtl: PT1M }",
        ""));
    assertThat(decide(pdp, call("read_and_delete", "{\"path\":\"read\"}")).isPermitted()).isTrue();
    assertThat(decide(pdp, call("read_and_delete", "{\"path\":\"read_and_delete\"}")).isPermitted()).isFalse();
    assertThat(decide(pdp, call("read_and_delete", "{\"path\":\"xread\"}")).isPermitted()).isFalse();
    assertThat(decide(pdp, call("read_and_delete", "{\"path\":\"read\\n\"}")).isPermitted()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a)\\1", "(?=a)a", "(?<=a)b", "(?!a)b", "(a", "[z-a]", "a{2000}"})
  void AC_04_backreferencesLookaroundAndMalformedPatternsAreRejectedAtLoad(String regex) {
    String text = FS + String.join("\n",
        "  - id: bad-pattern",
        "    effect: forbid",
        "    tools: [read_and_delete]",
        "    when: [ { arg: path, matches: '" + regex + "' } ]",
        "");
    assertThatThrownBy(() -> YamlPolicyLanguage.ofDefaults().compile("fs.yaml", text))
        .isInstanceOf(PolicyDefinitionException.class)
        .hasMessageStartingWith("fs.yaml:17:");
  }

  @Test
  void AC_04_nestedQuantifierRunsInLinearTime() {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("fs.yaml", FS + String.join("\n",
        "  - id: nested",
        "    effect: permit",
        "    tools: [read_and_delete]",
        "    when: [ { arg: path, matches: '(a+)+b' } ]",
        "    obligations: { credentialTtl: PT1M }",
        ""));
    String evil = "a".repeat(50_000) + "c";
    assertThat(decide(pdp, call("read_and_delete", "{\"path\":\"" + evil + "\"}")).isPermitted()).isFalse();
  }

  private static final String PATHS = String.join("\n",
      "policy: paths",
      "tools:",
      "  read_file: { action: read, args: { path: { role: path, type: string } } }",
      "rules:",
      "  - id: data-only",
      "    effect: permit",
      "    tools: [read_file]",
      "    when: [ { arg: path, pathWithin: /data } ]",
      "  - id: no-secrets",
      "    effect: forbid",
      "    tools: [read_file]",
      "    when: [ { arg: path, pathWithin: /data/secrets } ]",
      "");

  private static Decision readFile(String path) {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("paths.yaml", PATHS);
    return decide(pdp, call("read_file", "{\"path\":" + Fixtures.quote(path) + "}"));
  }

  @Test
  void AC_09_doubleSlashIsDecidedOnTheCanonicalPath() {
    Decision d = readFile("/data//secrets/key");
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.FORBIDDEN_BY_RULE);
    assertThat(d.ruleIds()).containsExactly("no-secrets");
    assertThat(readFile("/data/public/report.txt").isPermitted()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/data//secrets/key", "/data/./secrets/key", "/data/secrets/./key", "//data/secrets/key",
      "/data/x/../secrets/key", "/data/secrets//key", "/data/secrets/", "/data/secrets"})
  void AC_09_spellingsOfTheForbiddenFolderAreForbidden(String path) {
    assertThat(readFile(path).isPermitted()).isFalse();
  }

  @Test
  void AC_12_dotDotEscapingTheRootIsDenied() {
    assertThat(readFile("/data/../secrets").isPermitted()).isFalse();
    assertThat(readFile("/data/../secrets").reasonCode()).isEqualTo(ReasonCode.DEFAULT_DENY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/data/../../etc/passwd", "/../data/x", "/data/%2e%2e/secrets", "/data/%2E%2E/etc",
      "/data/..\\secrets", "data/x", "../data/x", "", "/data/\u0000x", "/data/x\n", "/data/\uFF0E\uFF0E/etc",
      "/data/\u2025/etc", "/data/x\u2028"})
  void AC_12_otherEscapesAndEncodingsAreDenied(String path) {
    Decision d = readFile(path);
    assertThat(d.isPermitted()).isFalse();
  }

  @Test
  void AC_12_malformedPathIsAnErrorThatDeniesEvenWithAForbidInPlay() {
    Decision d = readFile("/data/%2e%2e/secrets");
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.RULE_EVALUATION_ERROR);
    assertThat(d.errors()).isNotEmpty();
  }

  @Test
  void AC_13_siblingWithTheRootAsStringPrefixIsDenied() {
    assertThat(readFile("/data_evil/x").isPermitted()).isFalse();
    assertThat(readFile("/data/x").isPermitted()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/data_evil/x", "/database", "/data-x/y", "/data.bak/y", "/datax", "/dat", "/"})
  void AC_13_siblingPrefixesAreOutsideTheRoot(String path) {
    assertThat(readFile(path).isPermitted()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/data", "/data/", "/data/a/b/c.txt", "/data/a/../b", "/data/secretsx/k", "/data/.secrets"})
  void AC_13_pathsInsideTheRootArePermitted(String path) {
    assertThat(readFile(path).isPermitted()).isTrue();
  }

  private static final String URLS = String.join("\n",
      "policy: urls",
      "tools:",
      "  fetch: { action: read, destination: web, args: { url: { role: url, type: string } } }",
      "rules:",
      "  - id: allowed-hosts",
      "    effect: permit",
      "    tools: [fetch]",
      "    when: [ { arg: url, urlHostIn: [api.example.com, '*.example.org', 10.0.0.5] } ]",
      "");

  static Decision fetch(String url) {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("urls.yaml", URLS);
    return decide(pdp, call("fetch", "{\"url\":" + Fixtures.quote(url) + "}"));
  }

  @Test
  void AC_17_userinfoIsRejected() {
    Decision d = fetch("https://api.example.com@evil.test/");
    assertThat(d.isPermitted()).isFalse();
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.RULE_EVALUATION_ERROR);
    assertThat(d.errors().get(0).message()).contains("userinfo");
    assertThat(fetch("https://api.example.com/v1").isPermitted()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.example.com@evil.test/", "https://user:pw@api.example.com/",
      "https://api.example.com%40evil.test/", "https://api.example.com\\@evil.test/", "https://@api.example.com/",
      "https://api.example.com:443@evil.test/"})
  void AC_17_userinfoSpellingsAreDenied(String url) {
    assertThat(fetch(url).isPermitted()).isFalse();
  }

  @Test
  void AC_19_suffixAndPrefixLookalikesAreDenied() {
    assertThat(fetch("https://api.example.com.evil.test/").isPermitted()).isFalse();
    assertThat(fetch("https://evilapi.example.com/").isPermitted()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.example.com.evil.test/", "https://evilapi.example.com/",
      "https://example.org/", "https://xexample.org/", "https://example.org.evil/", "https://api.example.co/",
      "https://api.example.com../", "https://\u0430pi.example.com/", "https://xn--pi-7kc.example.com/",
      "https://api.ex\u0430mple.com/", "http://127.0.0.1/", "http://localhost/", "http://0x7f.1/",
      "http://2130706433/", "http://0177.0.0.1/", "http://127.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
      "http://[fe80::1%25eth0]/", "http://169.254.169.254/latest/meta-data", "http://10.0.0.05/", "http://0.0.0.0/",
      "ftp://api.example.com/", "file:///etc/passwd", "//api.example.com/x", "api.example.com", "https:///x",
      "https://api.example.com /", "https://api.example.com\t/", "https://api%2eexample.com/",
      "javascript:alert(1)", "https://10.0.0.5.evil/"})
  void AC_19_urlConfusionsAreDenied(String url) {
    assertThat(fetch(url).isPermitted()).as(url).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.example.com/", "https://API.EXAMPLE.COM./", "https://api.example.com:8443/x?q=1",
      "http://api.example.com", "https://a.example.org/", "https://a.b.example.org/p", "HTTPS://Api.Example.Com/",
      "http://10.0.0.5/", "http://[::ffff:10.0.0.5]/"})
  void AC_19_allowedHostsInTheirCanonicalAndFoldedFormsArePermitted(String url) {
    assertThat(fetch(url).isPermitted()).as(url).isTrue();
  }

  @Test
  void AC_19_idnHostsCompareInALabelForm() {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("urls.yaml",
        URLS.replace("[api.example.com,", "['b\u00fccher.example', api.example.com,"));
    assertThat(decide(pdp, call("fetch", "{\"url\":\"https://xn--bcher-kva.example/\"}")).isPermitted()).isTrue();
    assertThat(decide(pdp, call("fetch", "{\"url\":\"https://bucher.example/\"}")).isPermitted()).isFalse();
  }

  @Test
  void AC_46_sameIdentityAndToolWithDifferentArgumentsAreDecidedSeparately() {
    String text = String.join("\n",
        "policy: mail",
        "tools:",
        "  send_email: { action: send, destination: smtp, args: { to: recipient, body: free_text } }",
        "rules:",
        "  - id: corp-only",
        "    effect: permit",
        "    tools: [send_email]",
        "    when: [ { arg: to, matches: '[a-z]+@corp' } ]",
        "    obligations: { credentialTtl: PT1M }",
        "");
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("mail.yaml", text);
    Decision first = decide(pdp, call("send_email", "{\"to\":\"bob@corp\",\"body\":\"hi\"}"));
    Decision second = decide(pdp, call("send_email", "{\"to\":\"eve@evil.test\",\"body\":\"hi\"}"));
    assertThat(first.isPermitted()).isTrue();
    assertThat(second.isPermitted()).isFalse();
    assertThat(first.argumentDigest()).isNotEqualTo(second.argumentDigest());
    assertThat(first.decisionId()).isNotEqualTo(second.decisionId());
    Decision again = decide(pdp, call("send_email", "{\"body\":\"hi\",\"to\":\"bob@corp\"}"));
    assertThat(again.argumentDigest()).isEqualTo(first.argumentDigest());
  }

  @Test
  void AC_47_forbidWinsForEveryPermutationOfRules() {
    List<String> rules = new ArrayList<>(List.of(
        "  - { id: permit-all, effect: permit, tools: ['*'], obligations: { credentialTtl: PT1M } }\n",
        "  - { id: permit-any-agent-wire, effect: permit, agents: ['*'], tools: [wire_transfer],"
            + " obligations: { credentialTtl: PT1M } }\n",
        "  - { id: no-wire, effect: forbid, tools: [wire_transfer] }\n",
        "  - { id: finance-wire, effect: escalate, agents: ['label:finance'], tools: [wire_transfer] }\n"));
    String head = "policy: order\ntools:\n  wire_transfer: { action: payment, destination: bank }\n"
        + "  lookup: { action: read }\nrules:\n";
    for (int i = 0; i < 24; i++) {
      Collections.rotate(rules, 1);
      if (i % 4 == 0) {
        Collections.swap(rules, 0, 2);
      }
      CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("order.yaml", head + String.join("", rules));
      Decision wire = decide(pdp, call("wire_transfer", "{}").agent("spiffe://corp/agent/a", "o", java.util.Set.of("finance")));
      assertThat(wire.reasonCode()).isEqualTo(ReasonCode.FORBIDDEN_BY_RULE);
      assertThat(wire.ruleIds()).containsExactly("no-wire");
      assertThat(decide(pdp, call("lookup", "{}")).ruleIds()).containsExactly("permit-all");
    }
  }

  @Test
  void AC_60_privateDataToAPublicDestinationIsDenied() {
    String text = String.join("\n",
        "policy: github",
        "tools:",
        "  read_repo: { action: read, destination: github, args: { repo: identifier }, dataClasses: [private] }",
        "  create_pr:",
        "    action: write",
        "    destination: github",
        "    args: { repo: identifier, body: free_text }",
        "rules:",
        "  - { id: read-repos, effect: permit, tools: [read_repo] }",
        "  - id: open-prs",
        "    effect: permit",
        "    tools: [create_pr]",
        "    obligations: { credentialTtl: PT2M }",
        "  - id: no-private-to-public",
        "    effect: forbid",
        "    tools: [create_pr]",
        "    when:",
        "      - { dataClassRead: [private, pii] }",
        "      - not: { arg: repo, in: task.intent.privateRepos }",
        "");
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("github.yaml", text);
    PolicyFixture.Builder afterPrivateRead = call("create_pr", "{\"repo\":\"org/public\",\"body\":\"secret\"}")
        .intentParameter("privateRepos", List.of("org/private")).toolUsed("read_repo").dataClassRead("private");
    Decision d = decide(pdp, afterPrivateRead);
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.FORBIDDEN_BY_RULE);
    assertThat(d.ruleIds()).containsExactly("no-private-to-public");
    assertThat(decide(pdp, call("create_pr", "{\"repo\":\"org/public\",\"body\":\"fix\"}")).isPermitted()).isTrue();
    assertThat(decide(pdp, call("create_pr", "{\"repo\":\"org/private\",\"body\":\"x\"}")
        .intentParameter("privateRepos", List.of("org/private")).dataClassRead("private")).isPermitted()).isTrue();
  }

  @Test
  void AC_60_toolDataClassesAndDestinationsExpressFlowRules() {
    String text = String.join("\n",
        "policy: flows",
        "tools:",
        "  post_public: { action: send, destination: twitter, dataClasses: [public-channel] }",
        "  email_boss: { action: send, destination: smtp }",
        "rules:",
        "  - { id: send, effect: permit, tools: [post_public, email_boss], obligations: { credentialTtl: PT1M } }",
        "  - id: no-pii-out",
        "    effect: forbid",
        "    tools: ['*']",
        "    when: [ { dataClassRead: [pii] }, { anyOf: [ { toolDataClass: [public-channel] },"
            + " { destinationIn: [twitter] } ] } ]",
        "");
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("flows.yaml", text);
    assertThat(decide(pdp, call("post_public", "{}").dataClassRead("pii")).isPermitted()).isFalse();
    assertThat(decide(pdp, call("email_boss", "{}").dataClassRead("pii")).isPermitted()).isTrue();
    assertThat(decide(pdp, call("post_public", "{}")).isPermitted()).isTrue();
  }

  private static final String AC73 = String.join("\n",
      "policy: cedar-difference",
      "tools:",
      "  pay: { action: payment, destination: bank, args: { amount: { role: amount, type: any }, to: recipient } }",
      "rules:",
      "  - { id: permit-all, effect: permit, tools: ['*'], obligations: { credentialTtl: PT1M } }",
      "  - id: no-big-payments",
      "    effect: forbid",
      "    tools: [pay]",
      "    when: [ { arg: amount, totalAtMost: 1000000000000000000000000000000000 }, { not: { arg: amount, between: [0, 1000] } } ]",
      "");

  @Test
  void AC_73_erroringForbidDeniesUnlikeCedar() {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("ac73.yaml", AC73);
    Decision stringAmount = decide(pdp, call("pay", "{\"amount\":\"999999\",\"to\":\"bob\"}"));
    assertThat(stringAmount.isPermitted()).isFalse();
    assertThat(stringAmount.reasonCode()).isEqualTo(ReasonCode.RULE_EVALUATION_ERROR);
    assertThat(stringAmount.ruleIds()).containsExactly("no-big-payments");
    assertThat(stringAmount.errors().get(0).message()).contains("a string, expected a number");
    assertThat(stringAmount.explanation()).contains("ERROR (denies)");
    assertThat(decide(pdp, call("pay", "{\"amount\":5,\"to\":\"bob\"}")).isPermitted()).isTrue();
  }

  @Test
  void AC_73_overflowingSumIsAnErrorThatDenies() {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("ac73.yaml", AC73);
    Decision d = decide(pdp, call("pay", "{\"amount\":9223372036854775807,\"to\":\"bob\"}")
        .amountSpent("pay", new java.math.BigDecimal("9999999999999999999999999999999999")));
    assertThat(d.isPermitted()).isFalse();
    assertThat(d.errors()).extracting(e -> e.message()).anyMatch(m -> m.contains("overflows"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"amount\":\"999999\",\"to\":\"bob\"}", "{\"amount\":true,\"to\":\"bob\"}",
      "{\"amount\":null,\"to\":\"bob\"}", "{\"amount\":[1],\"to\":\"bob\"}", "{\"amount\":{\"v\":1},\"to\":\"bob\"}",
      "{\"to\":\"bob\"}", "{\"amount\":9223372036854775807,\"to\":\"bob\"}", "{\"amount\":1001,\"to\":\"bob\"}"})
  void AC_73_everyNonNumberOrHugeAmountIsDenied(String json) {
    CompiledPolicy pdp = YamlPolicyLanguage.ofDefaults().compile("ac73.yaml", AC73);
    assertThat(decide(pdp, call("pay", json)).isPermitted()).isFalse();
  }
}
