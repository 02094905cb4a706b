package io.nhiguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: a suite, a policy and a config given as files, and the JSON report's field names. */
final class AgentDojoDemoTest {

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = AgentDojoDemoTest.class.getClassLoader().getResourceAsStream(resource)) {
      Files.write(to, in.readAllBytes());
    }
  }

  @Test
  void runWhenSuiteAndPolicyFilesGivenThenPrintsTableAndWritesReport(@TempDir Path dir) throws IOException {
    copy("agentdojo/slack.json", dir.resolve("suite.json"));
    copy("agentdojo/slack.policy.yaml", dir.resolve("workspace-bot.yaml"));
    copy("agentdojo/slack.replay.yaml", dir.resolve("slack.replay.yaml"));
    Path report = dir.resolve("report.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AgentDojoDemo.run(
        new String[] {"--suite", dir.resolve("suite.json").toString(), "--policy", dir.resolve("workspace-bot.yaml").toString(),
          "--report", report.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("AgentDojo suite 'slack': 21 user tasks, 5 injection tasks, 105 pairs")
        .contains("goal reached").contains("chain and signatures verified");
    JsonNode r = JsonMapper.builder().build().readTree(report.toFile());
    assertThat(r.isObject()).isTrue();
    assertThat(r.get("suite").asText()).isEqualTo("slack");
    assertThat(r.get("user_tasks").asInt()).isEqualTo(21);
    assertThat(r.get("pairs").asInt()).isEqualTo(105);
    for (String f : new String[] {"completed_without_human", "completed_with_owner_approval", "denied"}) {
      assertThat(r.get("benign").get(f).isInt()).as("benign.%s", f).isTrue();
    }
    for (String f : new String[] {"goal_reached", "stopped_by_deny", "stopped_for_approval", "user_task_completed"}) {
      assertThat(r.get("attack").get(f).isInt()).as("attack.%s", f).isTrue();
    }
    assertThat(r.get("decisions").get("count").asInt()).isPositive();
    assertThat(r.get("decisions").get("p50_us").isNumber()).isTrue();
    assertThat(r.get("decisions").get("p99_us").isNumber()).isTrue();
    assertThat(r.get("audit").get("records").asInt()).isGreaterThanOrEqualTo(r.get("decisions").get("count").asInt());
    assertThat(r.get("audit").get("verified").asBoolean()).isTrue();
  }

  @Test
  void runWhenPolicyWithoutSuiteThenUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AgentDojoDemo.run(new String[] {"--policy", "p.yaml"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: --policy and --config need --suite");
  }
}
