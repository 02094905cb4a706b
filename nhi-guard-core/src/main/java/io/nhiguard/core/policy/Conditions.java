package io.nhiguard.core.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolDescriptor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Factories of {@link Condition}s for the Java fluent API; each mirrors one entry of the YAML
 * grammar (given in brackets).
 *
 * <p>Argument conditions read the canonical (strictly parsed, exactly typed) arguments. No value
 * is coerced: a numeric test on a string, a string test on a number, or a test on an absent
 * argument is an evaluation error and denies the call (the AC-73 class). String tests accept a
 * string, or a non-empty array of strings whose every element must pass; an empty array never
 * passes. Comparisons of text are exact (no case folding, no Unicode normalization).
 *
 * <p>This class is stateless and thread-safe; the conditions it returns are immutable.
 *
 * @since 0.1.0
 */
public final class Conditions {

  /** Longest regular expression accepted, in characters. */
  public static final int MAX_PATTERN_LENGTH = 1000;

  /** Most significant digits of a sum before it counts as an arithmetic overflow (decimal128). */
  public static final int MAX_SUM_DIGITS = 34;

  private Conditions() {}

  /**
   * Starts a condition on one argument.
   *
   * @param name the argument name, as declared in the tool catalogue
   * @return a builder of argument conditions
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static Arg arg(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("argument name must not be blank");
    }
    return new Arg(name);
  }

  /**
   * Holds once output of an untrusted tool has entered the task's context ({@code session:
   * untrustedContentSeen}).
   *
   * @return the condition
   */
  public static Condition untrustedContentSeen() {
    return new UntrustedSeen();
  }

  /**
   * Holds when the task has already run the tool ({@code toolUsed: name}).
   *
   * @param toolName the tool name, exact
   * @return the condition
   * @throws NullPointerException if {@code toolName} is null
   */
  public static Condition toolUsed(String toolName) {
    return new HistoryValue("toolUsed", Objects.requireNonNull(toolName, "toolName"));
  }

  /**
   * Holds when the task has already reached the destination ({@code destinationReached: d}).
   *
   * @param destination the destination, exact
   * @return the condition
   * @throws NullPointerException if {@code destination} is null
   */
  public static Condition destinationReached(String destination) {
    return new HistoryValue("destinationReached", Objects.requireNonNull(destination, "destination"));
  }

  /**
   * Holds when the task has read data of any of the classes ({@code dataClassRead: [..]}); with
   * {@link #toolDataClass} or {@link #destinationIn} it expresses data-flow rules such as "no
   * private data to a public destination".
   *
   * @param dataClasses the classes; an empty list never holds
   * @return the condition
   * @throws NullPointerException if {@code dataClasses} or an element is null
   */
  public static Condition dataClassRead(List<String> dataClasses) {
    return new SetTest("dataClassRead", dataClasses);
  }

  /**
   * Holds when the called tool reads or emits data of any of the classes ({@code toolDataClass:
   * [..]}).
   *
   * @param dataClasses the classes; an empty list never holds
   * @return the condition
   * @throws NullPointerException if {@code dataClasses} or an element is null
   */
  public static Condition toolDataClass(List<String> dataClasses) {
    return new SetTest("toolDataClass", dataClasses);
  }

  /**
   * Holds when the called tool's destination is one of the given ({@code destinationIn: [..]}).
   *
   * @param destinations the destinations, exact; an empty list never holds
   * @return the condition
   * @throws NullPointerException if {@code destinations} or an element is null
   */
  public static Condition destinationIn(List<String> destinations) {
    return new SetTest("destinationIn", destinations);
  }

  /**
   * Holds when the called tool's data sensitivity is within the task intent's ceiling ({@code
   * sensitivityWithinCeiling: true}).
   *
   * @return the condition
   */
  public static Condition sensitivityWithinCeiling() {
    return new SensitivityWithinCeiling();
  }

  /**
   * Holds when the agent carries the label ({@code label: l}).
   *
   * @param label the label, exact
   * @return the condition
   * @throws NullPointerException if {@code label} is null
   */
  public static Condition label(String label) {
    return new IdentityValue("label", Objects.requireNonNull(label, "label"));
  }

  /**
   * Holds when the agent's owner has the id ({@code owner: id}).
   *
   * @param ownerId the owner id, exact
   * @return the condition
   * @throws NullPointerException if {@code ownerId} is null
   */
  public static Condition owner(String ownerId) {
    return new IdentityValue("owner", Objects.requireNonNull(ownerId, "ownerId"));
  }

  /**
   * Holds when the agent's declared purpose equals the text ({@code purpose: text}).
   *
   * @param purpose the purpose, exact
   * @return the condition
   * @throws NullPointerException if {@code purpose} is null
   */
  public static Condition purpose(String purpose) {
    return new IdentityValue("purpose", Objects.requireNonNull(purpose, "purpose"));
  }

  /**
   * Negation ({@code not: condition}); an error stays an error.
   *
   * @param condition the condition
   * @return the negation
   * @throws NullPointerException if {@code condition} is null
   */
  public static Condition not(Condition condition) {
    return new Not(Objects.requireNonNull(condition, "condition"));
  }

  /**
   * Disjunction ({@code anyOf: [..]}): holds if any holds, else errors if any errors.
   *
   * @param conditions at least one condition
   * @return the disjunction
   * @throws NullPointerException if an element is null
   * @throws IllegalArgumentException if {@code conditions} is empty
   */
  public static Condition anyOf(Condition... conditions) {
    return new Junction("anyOf", List.of(conditions));
  }

  /**
   * Conjunction ({@code allOf: [..]}): fails if any fails, else errors if any errors.
   *
   * @param conditions at least one condition
   * @return the conjunction
   * @throws NullPointerException if an element is null
   * @throws IllegalArgumentException if {@code conditions} is empty
   */
  public static Condition allOf(Condition... conditions) {
    return new Junction("allOf", List.of(conditions));
  }

  static Condition junction(String kind, List<Condition> conditions) {
    return new Junction(kind, conditions);
  }

  /**
   * Builds conditions on one argument. Not thread-safe; the conditions it returns are immutable.
   *
   * @since 0.1.0
   */
  public static final class Arg {
    private final String name;

    private Arg(String name) {
      this.name = name;
    }

    /**
     * Equality with a string, exact ({@code equals: "text"}).
     *
     * @param value the expected string
     * @return the condition
     * @throws NullPointerException if {@code value} is null
     */
    public Condition equalTo(String value) {
      return new ArgEquals(name, Objects.requireNonNull(value, "value"));
    }

    /**
     * Numeric equality, exact decimal ({@code equals: 12.50}).
     *
     * @param value the expected number
     * @return the condition
     * @throws NullPointerException if {@code value} is null
     */
    public Condition equalTo(BigDecimal value) {
      return new ArgEquals(name, Objects.requireNonNull(value, "value").stripTrailingZeros());
    }

    /**
     * Boolean equality ({@code equals: true}).
     *
     * @param value the expected boolean
     * @return the condition
     */
    public Condition equalTo(boolean value) {
      return new ArgEquals(name, value);
    }

    /**
     * Set membership in a literal list ({@code in: [a, b]}); an empty list never holds.
     *
     * @param values the allowed strings
     * @return the condition
     * @throws NullPointerException if {@code values} or an element is null
     */
    public Condition in(List<String> values) {
      return new ArgIn(name, List.copyOf(values), null);
    }

    /**
     * Set membership in a trusted intent parameter ({@code in: task.intent.<parameter>}); a
     * missing or empty parameter never holds.
     *
     * @param parameter the intent parameter name, for example {@code recipients}
     * @return the condition
     * @throws NullPointerException if {@code parameter} is null
     * @throws IllegalArgumentException if the name is not {@code [A-Za-z][A-Za-z0-9_]*}
     */
    public Condition inIntent(String parameter) {
      Objects.requireNonNull(parameter, "parameter");
      if (!parameter.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
        throw new IllegalArgumentException(
            "intent parameter '" + SafeText.quote(parameter) + "' is malformed; expected [A-Za-z][A-Za-z0-9_]*");
      }
      return new ArgIn(name, List.of(), parameter);
    }

    /**
     * Inclusive numeric range on exact decimals ({@code between: [min, max]}).
     *
     * @param min the lower bound
     * @param max the upper bound, not below {@code min}
     * @return the condition
     * @throws NullPointerException if a bound is null
     * @throws IllegalArgumentException if {@code min > max}
     */
    public Condition between(BigDecimal min, BigDecimal max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "range [" + min.toPlainString() + ", " + max.toPlainString() + "] is empty; the lower bound must not exceed the upper");
      }
      return new ArgBetween(name, min.stripTrailingZeros(), max.stripTrailingZeros());
    }

    /**
     * Full-match regular expression in RE2 syntax, linear time ({@code matches: "re"}): {@code
     * read} does not match {@code read_and_delete}. Backreferences and lookaround do not exist in
     * RE2 and are rejected.
     *
     * @param regex the expression, at most {@value Conditions#MAX_PATTERN_LENGTH} characters
     * @return the condition
     * @throws NullPointerException if {@code regex} is null
     * @throws IllegalArgumentException if the expression is malformed or too long
     */
    public Condition matches(String regex) {
      return new ArgMatches(name, Objects.requireNonNull(regex, "regex"));
    }

    /**
     * Path containment by normalized components ({@code pathWithin: /root}); see the package
     * documentation for what is rejected.
     *
     * @param root an absolute POSIX path
     * @return the condition
     * @throws NullPointerException if {@code root} is null
     * @throws IllegalArgumentException if the root is not absolute or malformed
     */
    public Condition pathWithin(String root) {
      return new ArgPathWithin(name, Objects.requireNonNull(root, "root"));
    }

    /**
     * URL host allow-list on the parsed host ({@code urlHostIn: [api.example.com,
     * "*.example.org"]}).
     *
     * @param hosts exact hosts, IP literals, or {@code *.domain} for strict subdomains; an empty
     *     list never holds
     * @return the condition
     * @throws NullPointerException if {@code hosts} or an element is null
     * @throws IllegalArgumentException if an entry is malformed
     */
    public Condition urlHostIn(List<String> hosts) {
      return new ArgUrlHostIn(name, List.copyOf(hosts));
    }

    /**
     * Trusted provenance ({@code provenance: trusted}): the value (every element of an array)
     * occurs in trusted context of the task, see {@link io.nhiguard.api.Provenance}.
     *
     * @return the condition
     */
    public Condition trusted() {
      return new ArgTrusted(name);
    }

    /**
     * Presence ({@code present: true|false}): the argument is given and not JSON {@code null}.
     *
     * @param expected whether the argument must be present
     * @return the condition
     */
    public Condition present(boolean expected) {
      return new ArgPresent(name, expected);
    }

    /**
     * Spending cap of the task intent ({@code withinSpendingCap: true}): the task's total so far
     * plus this amount is at most the intent's spending cap. Holds when the intent sets no cap
     * (no cap beyond policy, as {@link io.nhiguard.api.TaskIntent} defines).
     *
     * @return the condition
     */
    public Condition withinSpendingCap() {
      return new ArgCumulative(name, null);
    }

    /**
     * Cumulative cap ({@code totalAtMost: 5000}): the task's total so far plus this amount is at
     * most {@code cap}.
     *
     * @param cap the cap
     * @return the condition
     * @throws NullPointerException if {@code cap} is null
     */
    public Condition totalAtMost(BigDecimal cap) {
      return new ArgCumulative(name, Objects.requireNonNull(cap, "cap").stripTrailingZeros());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Implementations. Equality is structural through the tree form.

  private abstract static class Base extends Condition {
    @Override
    public final boolean equals(Object o) {
      return o instanceof Base && o.getClass() == getClass() && ((Base) o).toTree().equals(toTree());
    }

    @Override
    public final int hashCode() {
      return toTree().hashCode();
    }
  }

  static String typeName(Object v) {
    if (v == null) {
      return "absent";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof BigDecimal) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v == CanonicalArguments.JsonNull.INSTANCE) {
      return "null";
    }
    return v instanceof List ? "an array" : "an object";
  }

  private static String literal(Object v) {
    if (v instanceof String) {
      return "\"" + SafeText.quote((String) v) + "\"";
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).toPlainString();
    }
    return String.valueOf(v);
  }

  private static String quotedList(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(SafeText.quote(values.get(i)));
    }
    return sb.append(']').toString();
  }

  private abstract static class ArgCondition extends Base {
    final String arg;

    ArgCondition(String arg) {
      this.arg = arg;
    }

    /** The operator key and its value in the tree form. */
    abstract String key();

    abstract Object operand();

    /** Whether the test reads numbers (true) or strings (false). */
    abstract boolean numeric();

    @Override
    final Object toTree() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("arg", arg);
      m.put(key(), operand());
      return m;
    }

    @Override
    void check(ToolDescriptor tool, List<String> problems) {
      if (!tool.argumentTypes().containsKey(arg) && !tool.argumentRoles().containsKey(arg)) {
        problems.add("tool '" + tool.name() + "' has no argument '" + SafeText.quote(arg) + "'");
        return;
      }
      ArgumentType type = tool.typeOf(arg);
      if (type == ArgumentType.ANY) {
        return;
      }
      boolean typeNumeric = type == ArgumentType.NUMBER || type == ArgumentType.INTEGER;
      boolean typeText = type == ArgumentType.STRING || type == ArgumentType.ARRAY;
      if (numeric() && !typeNumeric) {
        problems.add("'" + key() + "' needs a number but argument '" + SafeText.quote(arg) + "' of tool '" + tool.name()
            + "' is declared " + type.name().toLowerCase(java.util.Locale.ROOT));
      } else if (!numeric() && !typeText && !(this instanceof ArgEquals) && !(this instanceof ArgPresent)) {
        problems.add("'" + key() + "' needs a string but argument '" + SafeText.quote(arg) + "' of tool '" + tool.name()
            + "' is declared " + type.name().toLowerCase(java.util.Locale.ROOT));
      }
    }

    String head() {
      return "arg '" + SafeText.quote(arg) + "' ";
    }

    /** Applies a string test to a string or to every element of a non-empty array of strings. */
    final int eachString(EvalContext ctx, StringTest test) {
      Object v = ctx.args.get(arg);
      if (v instanceof String) {
        return test.test(ctx, (String) v);
      }
      if (v instanceof List) {
        List<?> list = (List<?>) v;
        if (list.isEmpty()) {
          return FALSE;
        }
        int result = TRUE;
        for (Object e : list) {
          if (!(e instanceof String)) {
            return ctx.fail(head() + key() + ": an element is " + typeName(e) + ", expected a string");
          }
          int r = test.test(ctx, (String) e);
          if (r == ERROR) {
            return ERROR;
          }
          if (r == FALSE) {
            result = FALSE;
          }
        }
        return result;
      }
      return ctx.fail(head() + key() + ": the argument is " + typeName(v) + ", expected a string or an array of strings");
    }

    final BigDecimal number(EvalContext ctx) {
      Object v = ctx.args.get(arg);
      if (v instanceof BigDecimal) {
        return (BigDecimal) v;
      }
      ctx.fail(head() + key() + ": the argument is " + typeName(v) + ", expected a number");
      return null;
    }
  }

  @FunctionalInterface
  private interface StringTest {
    int test(EvalContext ctx, String value);
  }

  private static final class ArgEquals extends ArgCondition {
    private final Object value;

    ArgEquals(String arg, Object value) {
      super(arg);
      this.value = value;
    }

    @Override
    String key() {
      return "equals";
    }

    @Override
    Object operand() {
      return value;
    }

    @Override
    boolean numeric() {
      return value instanceof BigDecimal;
    }

    @Override
    int evaluate(EvalContext ctx) {
      Object v = ctx.args.get(arg);
      if (value instanceof BigDecimal) {
        BigDecimal n = number(ctx);
        return n == null ? ERROR : (n.compareTo((BigDecimal) value) == 0 ? TRUE : FALSE);
      }
      if (v == null || v.getClass() != value.getClass()) {
        return ctx.fail(head() + "equals: the argument is " + typeName(v) + ", expected " + typeName(value));
      }
      return value.equals(v) ? TRUE : FALSE;
    }

    @Override
    public String describe() {
      return head() + "equals " + literal(value);
    }
  }

  private static final class ArgIn extends ArgCondition {
    private final List<String> values;
    private final Set<String> set;
    private final String parameter;

    ArgIn(String arg, List<String> values, String parameter) {
      super(arg);
      this.values = values;
      this.set = Set.copyOf(new HashSet<>(values));
      this.parameter = parameter;
    }

    @Override
    String key() {
      return "in";
    }

    @Override
    Object operand() {
      return parameter != null ? "task.intent." + parameter : values;
    }

    @Override
    boolean numeric() {
      return false;
    }

    @Override
    int evaluate(EvalContext ctx) {
      if (parameter != null) {
        List<String> allowed = ctx.intent.parameter(parameter);
        return eachString(ctx, (c, s) -> allowed.contains(s) ? TRUE : FALSE);
      }
      return eachString(ctx, (c, s) -> set.contains(s) ? TRUE : FALSE);
    }

    @Override
    public String describe() {
      return head() + "in " + (parameter != null ? "task.intent." + parameter : quotedList(values));
    }
  }

  private static final class ArgBetween extends ArgCondition {
    private final BigDecimal min;
    private final BigDecimal max;

    ArgBetween(String arg, BigDecimal min, BigDecimal max) {
      super(arg);
      this.min = min;
      this.max = max;
    }

    @Override
    String key() {
      return "between";
    }

    @Override
    Object operand() {
      return List.of(min, max);
    }

    @Override
    boolean numeric() {
      return true;
    }

    @Override
    int evaluate(EvalContext ctx) {
      BigDecimal n = number(ctx);
      if (n == null) {
        return ERROR;
      }
      return n.compareTo(min) >= 0 && n.compareTo(max) <= 0 ? TRUE : FALSE;
    }

    @Override
    public String describe() {
      return head() + "between [" + min.toPlainString() + ", " + max.toPlainString() + "]";
    }
  }

  private static final class ArgMatches extends ArgCondition {
    private final String regex;
    private final Pattern pattern;

    ArgMatches(String arg, String regex) {
      super(arg);
      if (regex.length() > MAX_PATTERN_LENGTH) {
        throw new IllegalArgumentException(
            "pattern is " + regex.length() + " characters long, above the limit of " + MAX_PATTERN_LENGTH + "; simplify it");
      }
      try {
        this.pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "pattern '" + SafeText.quote(regex) + "' is not valid RE2 syntax (" + SafeText.quote(e.getDescription())
                + "); backreferences and lookaround are not supported, use a linear-time pattern", e);
      }
      this.regex = regex;
    }

    @Override
    String key() {
      return "matches";
    }

    @Override
    Object operand() {
      return regex;
    }

    @Override
    boolean numeric() {
      return false;
    }

    @Override
    int evaluate(EvalContext ctx) {
      return eachString(ctx, (c, s) -> pattern.matches(s) ? TRUE : FALSE);
    }

    @Override
    public String describe() {
      return head() + "matches /" + SafeText.quote(regex) + "/ (full match)";
    }
  }

  private static final class ArgPathWithin extends ArgCondition {
    private final PathContainment containment;

    ArgPathWithin(String arg, String root) {
      super(arg);
      this.containment = PathContainment.of(root);
    }

    @Override
    String key() {
      return "pathWithin";
    }

    @Override
    Object operand() {
      return containment.root();
    }

    @Override
    boolean numeric() {
      return false;
    }

    @Override
    int evaluate(EvalContext ctx) {
      return eachString(ctx, (c, s) -> {
        String r = containment.check(s);
        if (r == null) {
          return TRUE;
        }
        return r.isEmpty() ? FALSE : c.fail(head() + "pathWithin: " + r);
      });
    }

    @Override
    public String describe() {
      return head() + "pathWithin " + SafeText.quote(containment.root());
    }
  }

  private static final class ArgUrlHostIn extends ArgCondition {
    private final UrlHostMatcher matcher;

    ArgUrlHostIn(String arg, List<String> hosts) {
      super(arg);
      this.matcher = UrlHostMatcher.of(hosts);
    }

    @Override
    String key() {
      return "urlHostIn";
    }

    @Override
    Object operand() {
      return matcher.entries();
    }

    @Override
    boolean numeric() {
      return false;
    }

    @Override
    int evaluate(EvalContext ctx) {
      return eachString(ctx, (c, s) -> {
        String r = matcher.check(c.parsedUrl(s));
        if (r == null) {
          return TRUE;
        }
        return r.isEmpty() ? FALSE : c.fail(head() + "urlHostIn: " + r);
      });
    }

    @Override
    public String describe() {
      return head() + "urlHostIn " + quotedList(matcher.entries());
    }
  }

  private static final class ArgTrusted extends ArgCondition {
    ArgTrusted(String arg) {
      super(arg);
    }

    @Override
    String key() {
      return "provenance";
    }

    @Override
    Object operand() {
      return "trusted";
    }

    @Override
    boolean numeric() {
      return false;
    }

    @Override
    void check(ToolDescriptor tool, List<String> problems) {
      if (!tool.argumentTypes().containsKey(arg) && !tool.argumentRoles().containsKey(arg)) {
        problems.add("tool '" + tool.name() + "' has no argument '" + SafeText.quote(arg) + "'");
      }
    }

    @Override
    int evaluate(EvalContext ctx) {
      Object v = ctx.args.get(arg);
      if (v instanceof BigDecimal) {
        return ctx.history.provenanceOf(((BigDecimal) v).toPlainString()) == Provenance.TRUSTED ? TRUE : FALSE;
      }
      return eachString(ctx, (c, s) -> c.history.provenanceOf(s) == Provenance.TRUSTED ? TRUE : FALSE);
    }

    @Override
    public String describe() {
      return head() + "provenance trusted";
    }
  }

  private static final class ArgPresent extends ArgCondition {
    private final boolean expected;

    ArgPresent(String arg, boolean expected) {
      super(arg);
      this.expected = expected;
    }

    @Override
    String key() {
      return "present";
    }

    @Override
    Object operand() {
      return expected;
    }

    @Override
    boolean numeric() {
      return false;
    }

    @Override
    int evaluate(EvalContext ctx) {
      Object v = ctx.args.get(arg);
      boolean present = v != null && v != CanonicalArguments.JsonNull.INSTANCE;
      return present == expected ? TRUE : FALSE;
    }

    @Override
    public String describe() {
      return head() + (expected ? "is present" : "is absent");
    }
  }

  private static final class ArgCumulative extends ArgCondition {
    private final BigDecimal cap;

    ArgCumulative(String arg, BigDecimal cap) {
      super(arg);
      this.cap = cap;
    }

    @Override
    String key() {
      return cap == null ? "withinSpendingCap" : "totalAtMost";
    }

    @Override
    Object operand() {
      return cap == null ? (Object) Boolean.TRUE : cap;
    }

    @Override
    boolean numeric() {
      return true;
    }

    @Override
    int evaluate(EvalContext ctx) {
      BigDecimal n = number(ctx);
      if (n == null) {
        return ERROR;
      }
      if (n.signum() < 0) {
        return ctx.fail(head() + key() + ": the amount is negative");
      }
      BigDecimal limit = cap != null ? cap : ctx.intent.spendingCap();
      if (limit == null) {
        return TRUE;
      }
      BigDecimal total = ctx.history.totalAmount().add(n);
      if (total.precision() > MAX_SUM_DIGITS) {
        return ctx.fail(head() + key() + ": the task total overflows " + MAX_SUM_DIGITS + " significant digits");
      }
      return total.compareTo(limit) <= 0 ? TRUE : FALSE;
    }

    @Override
    public String describe() {
      return cap == null
          ? "history.totalAmount + " + head() + "<= task.intent.spendingCap"
          : "history.totalAmount + " + head() + "<= " + cap.toPlainString();
    }
  }

  private static final class UntrustedSeen extends Base {
    @Override
    int evaluate(EvalContext ctx) {
      return ctx.history.untrustedContentSeen() ? TRUE : FALSE;
    }

    @Override
    Object toTree() {
      return Map.of("session", "untrustedContentSeen");
    }

    @Override
    void check(ToolDescriptor tool, List<String> problems) {}

    @Override
    public String describe() {
      return "session untrustedContentSeen";
    }
  }

  private static final class SensitivityWithinCeiling extends Base {
    @Override
    int evaluate(EvalContext ctx) {
      return ctx.tool.sensitivity().isWithin(ctx.intent.sensitivityCeiling()) ? TRUE : FALSE;
    }

    @Override
    Object toTree() {
      return Map.of("sensitivityWithinCeiling", Boolean.TRUE);
    }

    @Override
    void check(ToolDescriptor tool, List<String> problems) {}

    @Override
    public String describe() {
      return "tool.sensitivity within task.intent.sensitivityCeiling";
    }
  }

  private static final class HistoryValue extends Base {
    private final String key;
    private final String value;

    HistoryValue(String key, String value) {
      this.key = key;
      this.value = value;
    }

    @Override
    int evaluate(EvalContext ctx) {
      boolean hit = key.equals("toolUsed")
          ? ctx.history.toolsUsed().contains(value)
          : ctx.history.destinationsReached().contains(value);
      return hit ? TRUE : FALSE;
    }

    @Override
    Object toTree() {
      return Map.of(key, value);
    }

    @Override
    void check(ToolDescriptor tool, List<String> problems) {}

    @Override
    public String describe() {
      return "history " + key + " " + SafeText.quote(value);
    }
  }

  private static final class SetTest extends Base {
    private final String key;
    private final List<String> values;

    SetTest(String key, List<String> values) {
      this.key = key;
      this.values = List.copyOf(values);
    }

    @Override
    int evaluate(EvalContext ctx) {
      for (String v : values) {
        boolean hit;
        if (key.equals("dataClassRead")) {
          hit = ctx.history.dataClassesRead().contains(v);
        } else if (key.equals("toolDataClass")) {
          hit = ctx.tool.dataClasses().contains(v);
        } else {
          hit = ctx.tool.destination().equals(v);
        }
        if (hit) {
          return TRUE;
        }
      }
      return FALSE;
    }

    @Override
    Object toTree() {
      return Map.of(key, values);
    }

    @Override
    void check(ToolDescriptor tool, List<String> problems) {}

    @Override
    public String describe() {
      String subject = key.equals("dataClassRead")
          ? "history.dataClassesRead contains any of "
          : key.equals("toolDataClass") ? "tool.dataClasses contains any of " : "tool.destination in ";
      return subject + quotedList(values);
    }
  }

  private static final class IdentityValue extends Base {
    private final String key;
    private final String value;

    IdentityValue(String key, String value) {
      this.key = key;
      this.value = value;
    }

    @Override
    int evaluate(EvalContext ctx) {
      boolean hit;
      if (key.equals("label")) {
        hit = ctx.request.identity().labels().contains(value);
      } else if (key.equals("owner")) {
        hit = ctx.request.identity().owner().id().equals(value);
      } else {
        hit = ctx.request.identity().purpose().equals(value);
      }
      return hit ? TRUE : FALSE;
    }

    @Override
    Object toTree() {
      return Map.of(key, value);
    }

    @Override
    void check(ToolDescriptor tool, List<String> problems) {}

    @Override
    public String describe() {
      return "identity " + key + " " + SafeText.quote(value);
    }
  }

  private static final class Not extends Base {
    private final Condition inner;

    Not(Condition inner) {
      this.inner = inner;
    }

    @Override
    int evaluate(EvalContext ctx) {
      int r = inner.evaluate(ctx);
      return r == ERROR ? ERROR : (r == TRUE ? FALSE : TRUE);
    }

    @Override
    Object toTree() {
      return Map.of("not", inner.toTree());
    }

    @Override
    void check(ToolDescriptor tool, List<String> problems) {
      inner.check(tool, problems);
    }

    @Override
    public String describe() {
      return "not (" + inner.describe() + ")";
    }
  }

  private static final class Junction extends Base {
    private final String kind;
    private final List<Condition> parts;

    Junction(String kind, List<Condition> parts) {
      this.kind = kind;
      this.parts = List.copyOf(parts);
      if (this.parts.isEmpty()) {
        throw new IllegalArgumentException(kind + " needs at least one condition: an empty list means nothing");
      }
    }

    @Override
    int evaluate(EvalContext ctx) {
      return kind.equals("anyOf") ? or(ctx, parts) : and(ctx, parts);
    }

    @Override
    Object toTree() {
      List<Object> trees = new ArrayList<>(parts.size());
      for (Condition c : parts) {
        trees.add(c.toTree());
      }
      return Map.of(kind, trees);
    }

    @Override
    void check(ToolDescriptor tool, List<String> problems) {
      for (Condition c : parts) {
        c.check(tool, problems);
      }
    }

    @Override
    public String describe() {
      StringBuilder sb = new StringBuilder(kind).append(" (");
      for (int i = 0; i < parts.size(); i++) {
        sb.append(i == 0 ? "" : "; ").append(parts.get(i).describe());
      }
      return sb.append(')').toString();
    }
  }

  /** Strong Kleene conjunction: every part is evaluated, so the result is order-independent. */
  static int and(EvalContext ctx, List<Condition> parts) {
    boolean error = false;
    boolean failed = false;
    for (int i = 0, n = parts.size(); i < n; i++) {
      int r = parts.get(i).evaluate(ctx);
      if (r == Condition.FALSE) {
        failed = true;
      } else if (r == Condition.ERROR) {
        error = true;
      }
    }
    return failed ? Condition.FALSE : (error ? Condition.ERROR : Condition.TRUE);
  }

  /** Strong Kleene disjunction: every part is evaluated, so the result is order-independent. */
  static int or(EvalContext ctx, List<Condition> parts) {
    boolean error = false;
    boolean held = false;
    for (int i = 0, n = parts.size(); i < n; i++) {
      int r = parts.get(i).evaluate(ctx);
      if (r == Condition.TRUE) {
        held = true;
      } else if (r == Condition.ERROR) {
        error = true;
      }
    }
    return held ? Condition.TRUE : (error ? Condition.ERROR : Condition.FALSE);
  }
}
