package io.nhiguard.core.policy;

import io.nhiguard.api.Decision;
import io.nhiguard.api.PolicyDecisionPoint;

/** Shared policies and helpers for the policy tests. */
final class Fixtures {
  private Fixtures() {}

  static final String BANKING =
      String.join("\n",
          "policy: banking-assistant",
          "version: 3",
          "tools:",
          "  send_money:",
          "    action: payment",
          "    destination: bank",
          "    args: { recipient: recipient, amount: amount, subject: free_text, date: { type: string } }",
          "  get_balance: { action: read, destination: bank }",
          "  read_file:",
          "    action: read",
          "    output: untrusted",
          "    args: { path: { role: path, type: string } }",
          "  update_password:",
          "    action: write",
          "    destination: bank",
          "    args: { password: secret }",
          "  fetch:",
          "    action: read",
          "    destination: web",
          "    output: untrusted",
          "    args: { url: { role: url, type: string } }",
          "rules:",
          "  - id: lookups",
          "    effect: permit",
          "    tools: [get_balance]",
          "  - id: files-in-data",
          "    effect: permit",
          "    tools: [read_file]",
          "    when: [ { arg: path, pathWithin: /data } ]",
          "  - id: fetch-allowed-hosts",
          "    effect: permit",
          "    tools: [fetch]",
          "    when: [ { arg: url, urlHostIn: [api.example.com, '*.example.org'] } ]",
          "  - id: pay-known-recipients",
          "    effect: permit",
          "    tools: [send_money]",
          "    when:",
          "      - anyOf:",
          "          - { arg: recipient, in: task.intent.recipients }",
          "          - { arg: recipient, provenance: trusted }",
          "      - { arg: amount, between: [0.01, 2000] }",
          "      - { arg: amount, withinSpendingCap: true }",
          "    obligations: { credentialTtl: PT1M }",
          "  - id: big-payments-need-owner",
          "    effect: escalate",
          "    tools: [send_money]",
          "    approver: owner",
          "    when: [ { arg: amount, between: [1000, 1000000] } ]",
          "  - id: password-change",
          "    effect: permit",
          "    tools: [update_password]",
          "    obligations: { credentialTtl: PT30S }",
          "  - id: no-secrets-change-after-untrusted-input",
          "    effect: forbid",
          "    tools: [update_password]",
          "    when: [ { session: untrustedContentSeen } ]",
          "");

  /** Returns a JSON string literal. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  static CompiledPolicy banking() {
    return YamlPolicyLanguage.ofDefaults().compile("banking.yaml", BANKING);
  }

  static Decision decide(PolicyDecisionPoint pdp, PolicyFixture.Builder fixture) {
    return pdp.decide(fixture.expect("deny", null, null).build().request(pdp));
  }

  static PolicyFixture.Builder call(String tool, String json) {
    return PolicyFixture.builder(tool + json).call(tool, json);
  }
}
