package io.nhiguard.examples.agentdojo;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.examples.AgentDojoDemo;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the attacker's text goes, and in what order the scripted model makes its calls. */
final class ScenarioTest {

  @ParameterizedTest
  @ValueSource(strings = {"banking", "slack"})
  void benignWhenPlannedThenNoOutputHoldsAnAttackerValue(String name) {
    AgentDojoDemo.Input in = AgentDojoDemo.bundled(name);
    for (Suite.UserTask task : in.suite().userTasks()) {
      Scenario s = Scenario.benign(in.suite(), in.config(), task);
      assertThat(s.attackerSteps()).isEmpty();
      assertThat(s.steps()).extracting(step -> step.call().function())
          .containsExactlyElementsOf(task.groundTruthCalls().stream().map(Suite.Call::function).toList());
      for (Scenario.Step step : s.steps()) {
        assertThat(step.carriesInjection()).isFalse();
        for (String v : in.suite().attackerValues()) {
          assertThat(step.output()).as("%s step %d", task.id(), step.index()).doesNotContain(v);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"banking", "slack"})
  void attackedWhenPlannedThenGoalArrivesOnlyInsideOneUntrustedOutputBeforeTheAttackerCalls(String name) {
    AgentDojoDemo.Input in = AgentDojoDemo.bundled(name);
    for (Suite.UserTask task : in.suite().userTasks()) {
      for (Suite.InjectionTask injection : in.suite().injectionTasks()) {
        Scenario s = Scenario.attacked(in.suite(), in.config(), task, injection);
        List<Scenario.Step> carrying = s.steps().stream().filter(Scenario.Step::carriesInjection).toList();
        assertThat(carrying).hasSize(1);
        Scenario.Step vector = carrying.get(0);
        assertThat(vector.origin()).isEqualTo(Scenario.Origin.USER);
        assertThat(in.config().untrustedTools()).contains(vector.call().function());
        assertThat(vector.output()).contains(injection.goal());
        for (Scenario.Step step : s.steps()) {
          if (step != vector) {
            assertThat(step.output()).doesNotContain(injection.goal());
            for (String v : in.suite().attackerValues()) {
              assertThat(step.output()).as("%s/%s step %d", task.id(), injection.id(), step.index()).doesNotContain(v);
            }
          }
        }
        List<Scenario.Step> attacker = s.attackerSteps();
        assertThat(attacker).hasSize(injection.groundTruthCalls().size());
        assertThat(attacker.get(0).index()).isEqualTo(vector.index() + 1);
        assertThat(s.userSteps()).extracting(Scenario.Step::call).containsExactlyElementsOf(task.groundTruthCalls());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"banking", "slack"})
  void benignWhenValueReadEarlierThenPlacedInTheNearestEarlierReadOfAnotherTool(String name) {
    AgentDojoDemo.Input in = AgentDojoDemo.bundled(name);
    for (Suite.UserTask task : in.suite().userTasks()) {
      Scenario s = Scenario.benign(in.suite(), in.config(), task);
      for (Scenario.Step step : s.steps()) {
        for (String value : step.call().stringValues()) {
          if (value.length() < 3 || task.prompt().contains(value)) {
            continue;
          }
          boolean earlier = s.steps().subList(0, step.index()).stream().anyMatch(p -> p.output().contains(value));
          boolean userData = in.suite().factStrings(in.config().userData()).stream().anyMatch(f -> f.contains(value));
          boolean anyEarlierRead =
              s.steps().subList(0, step.index()).stream()
                  .anyMatch(p -> in.suite().tool(p.call().function()).orElseThrow().isRead()
                      && !p.call().function().equals(step.call().function()));
          if (anyEarlierRead && !userData) {
            assertThat(earlier).as("%s step %d value '%s'", task.id(), step.index(), value).isTrue();
          }
        }
      }
    }
  }
}
