package io.nhiguard.core.policy;

import io.nhiguard.api.ToolDescriptor;
import java.util.List;

/**
 * One condition of a rule: a test over the call's typed arguments, the identity, the task intent,
 * the task history or the called tool. Conditions are created through {@link Conditions} (Java)
 * or the {@code when} list of the YAML/JSON language, and compiled when created (patterns, URL
 * allow-lists and path roots are parsed once).
 *
 * <p>Evaluation is three-valued: a condition holds, fails, or errors (for example a numeric test
 * on a string argument). Combining follows strong Kleene logic, so the result never depends on
 * the order of conditions: a conjunction fails if any part fails, else errors if any part errors;
 * a disjunction holds if any part holds, else errors if any part errors; negation keeps an error.
 * A rule whose conditions error denies the call.
 *
 * <p>Instances are immutable and thread-safe; equality is structural, so a printed and re-parsed
 * policy has equal conditions.
 *
 * @since 0.1.0
 */
public abstract class Condition {

  static final int FALSE = 0;
  static final int TRUE = 1;
  static final int ERROR = 2;

  Condition() {}

  /** Evaluates: {@link #TRUE}, {@link #FALSE} or {@link #ERROR} (with a message in the context). */
  abstract int evaluate(EvalContext ctx);

  /** The tree form for the printer: a map in the YAML grammar. */
  abstract Object toTree();

  /** Adds problems with this condition on a tool it targets (unknown arguments, wrong types). */
  abstract void check(ToolDescriptor tool, List<String> problems);

  /**
   * Returns the condition in the policy grammar, for example {@code arg 'amount' between [0, 100]}.
   *
   * @return a one-line description
   */
  public abstract String describe();

  @Override
  public final String toString() {
    return describe();
  }
}
