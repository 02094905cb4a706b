package io.nhiguard.examples.agentdojo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The record of one replayed run: which step the model is at, and for each step whether its tool
 * ran and whether the guard escalated it to the owner. The scripted model moves the run forward,
 * the stub tools mark steps as executed, and the owner's desk marks them as escalated.
 *
 * <p>Thread-safe: every method is synchronized.
 *
 * @since 0.1.0
 */
public final class Run {

  /** What happened to one step. */
  public enum Outcome {
    /** The guard permitted the call without a human, and the tool ran. */
    PERMITTED,
    /** The guard escalated the call, the owner approved it, and the tool ran. */
    APPROVED,
    /** The guard escalated the call, and it did not run (pending or not approved). */
    ESCALATED,
    /** The guard denied the call. */
    DENIED
  }

  private final Scenario scenario;
  private final boolean[] executed;
  private final List<List<String>> escalations;
  private int current = -1;

  /**
   * Starts the record of a run.
   *
   * @param scenario the scenario played
   * @throws NullPointerException if {@code scenario} is null
   */
  public Run(Scenario scenario) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.executed = new boolean[scenario.steps().size()];
    this.escalations = new ArrayList<>();
    for (int i = 0; i < executed.length; i++) {
      escalations.add(null);
    }
  }

  /**
   * Returns the scenario.
   *
   * @return the scenario
   */
  public Scenario scenario() {
    return scenario;
  }

  synchronized void moveTo(int index) {
    if (index != current + 1) {
      throw new IllegalStateException("The model jumped from step " + current + " to step " + index);
    }
    current = index;
  }

  synchronized Scenario.Step currentStep() {
    if (current < 0) {
      throw new IllegalStateException("No step was requested yet");
    }
    return scenario.steps().get(current);
  }

  synchronized void executed(int index) {
    executed[index] = true;
  }

  synchronized void escalated(List<String> ruleIds) {
    if (current >= 0) {
      escalations.set(current, List.copyOf(ruleIds));
    }
  }

  /**
   * Returns what happened to a step.
   *
   * @param index the step's position in the run
   * @return the outcome
   */
  public synchronized Outcome outcome(int index) {
    boolean esc = escalations.get(index) != null;
    if (executed[index]) {
      return esc ? Outcome.APPROVED : Outcome.PERMITTED;
    }
    return esc ? Outcome.ESCALATED : Outcome.DENIED;
  }

  /**
   * Returns the ids of the rules that escalated a step.
   *
   * @param index the step's position in the run
   * @return the rule ids, empty if the step was not escalated
   */
  public synchronized List<String> escalationRules(int index) {
    List<String> r = escalations.get(index);
    return r == null ? List.of() : r;
  }

  /**
   * Returns how many steps the model asked for.
   *
   * @return 0 to the number of steps
   */
  public synchronized int stepsRequested() {
    return current + 1;
  }

  /**
   * Returns the outcomes of the steps of one origin.
   *
   * @param origin whose steps
   * @return the outcomes in order
   */
  public synchronized List<Outcome> outcomes(Scenario.Origin origin) {
    List<Outcome> out = new ArrayList<>();
    for (Scenario.Step s : scenario.steps()) {
      if (s.origin() == origin) {
        out.add(outcome(s.index()));
      }
    }
    return Collections.unmodifiableList(out);
  }
}
