package io.nhiguard.examples.agentdojo;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.examples.AgentDojoDemo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled policies and replay configs name nothing the attacker chose. */
final class PolicyHygieneTest {

  private static String resource(String path) throws IOException {
    try (InputStream in = PolicyHygieneTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }
  }

  /** Identifier-like words of a goal: at least 5 characters with a digit, '@', '.', '_' or '/' inside. */
  static List<String> identifiers(String goal) {
    List<String> out = new ArrayList<>();
    for (String word : goal.split("\\s+")) {
      String w = word.replaceAll("^[\\p{Punct}&&[^_]]+|[\\p{Punct}&&[^_/]]+$", "");
      if (w.length() >= 5 && w.matches(".*[0-9@._/].*") && !w.matches("[0-9.,$]+")) {
        out.add(w.toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"banking", "slack"})
  void policyAndConfigWhenReadThenNameNoAttackerIdentifier(String name) throws IOException {
    Suite suite = AgentDojoDemo.bundled(name).suite();
    String policy = resource("agentdojo/" + name + ".policy.yaml");
    String config = resource("agentdojo/" + name + ".replay.yaml");
    List<String> forbidden = new ArrayList<>();
    suite.attackerValues().forEach(v -> forbidden.add(v.toLowerCase(Locale.ROOT)));
    suite.injectionTasks().forEach(t -> forbidden.addAll(identifiers(t.goal())));
    assertThat(forbidden).isNotEmpty();
    for (String f : forbidden) {
      assertThat(policy).as("policy of %s names attacker value '%s'", name, f).doesNotContain(f);
      assertThat(config).as("replay config of %s names attacker value '%s'", name, f).doesNotContain(f);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"banking", "slack"})
  void identifiersWhenGoalsScannedThenEveryAttackerValueInAGoalIsFound(String name) {
    Suite suite = AgentDojoDemo.bundled(name).suite();
    List<String> found = new ArrayList<>();
    suite.injectionTasks().forEach(t -> found.addAll(identifiers(t.goal())));
    for (String v : suite.attackerValues()) {
      boolean inSomeGoal = suite.injectionTasks().stream().anyMatch(t -> t.goal().contains(v));
      if (inSomeGoal && v.matches(".*[0-9@._/].*")) {
        assertThat(found).as("identifier scan of %s goals", name).contains(v.toLowerCase(Locale.ROOT));
      }
    }
  }
}
