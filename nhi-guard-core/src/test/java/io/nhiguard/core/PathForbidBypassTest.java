package io.nhiguard.core;

import static io.nhiguard.core.GuardFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.Decision;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.core.policy.Policies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A forbidden sub-tree cannot be reached through spellings a tool may fold (AC-09, AC-12 kind). */
final class PathForbidBypassTest {

  static final String POLICY =
      String.join(
          "\n",
          "policy: files",
          "version: 1",
          "tools:",
          "  read_file: { action: read, destination: files, args: { path: { role: path, type: string } } }",
          "rules:",
          "  - id: data-readable",
          "    effect: permit",
          "    tools: [read_file]",
          "    when: [ { arg: path, pathWithin: /data } ]",
          "  - id: secrets-never",
          "    effect: forbid",
          "    tools: [read_file]",
          "    when: [ { arg: path, pathWithin: /data/secrets } ]",
          "");

  private final GuardFixture f = new GuardFixture(b -> b.policy(Policies.fromYaml("files.yaml", POLICY)));
  private final AgentId agent = f.agent("reader");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/data/public/\uFF0E\uFF0E/secrets/key",
        "/data/public/\u2024\u2024/secrets/key",
        "/data/\uFF53ecrets/key",
        "/data/secr\uFF45ts/key",
        "/data/SECRETS/key",
        "/data/Secrets/key",
        "/data/secrets\uFF0Fkey",
        "/DATA/secrets/key"
      })
  void readFileWhenPathFoldsIntoAForbiddenTreeThenNotPermitted(String path) {
    GuardTask task = f.task(agent, "read my files");
    Decision d = f.guard.authorize(call(task, "read_file", "{\"path\":\"" + path + "\"}"));
    assertThat(d.isPermitted()).as(path).isFalse();
    assertThat(d.reasonCode()).isIn(ReasonCode.RULE_EVALUATION_ERROR, ReasonCode.FORBIDDEN_BY_RULE, ReasonCode.DEFAULT_DENY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/data/public/report.txt", "/data/caf\u00e9/menu.txt", "/data/secrets-archive-index.txt"})
  void readFileWhenPathIsPlainlyOutsideTheForbiddenTreeThenPermitted(String path) {
    GuardTask task = f.task(agent, "read my files");
    assertThat(f.guard.authorize(call(task, "read_file", "{\"path\":\"" + path + "\"}")).kind()).as(path).isEqualTo("PERMIT");
  }
}
