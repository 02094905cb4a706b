package io.nhiguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nhiguard.api.NhiGuardException;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.core.policy.YamlPolicyLanguage;
import io.nhiguard.examples.agentdojo.ReplayConfig;
import io.nhiguard.examples.agentdojo.Suite;
import io.nhiguard.examples.agentdojo.SuiteReplay;
import io.nhiguard.examples.agentdojo.SuiteReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The main demo: replays AgentDojo task suites through a guarded LangChain4j agent and prints what
 * nhi-guard lets through and what it stops.
 *
 * <pre>
 * java -jar examples/target/nhi-guard-examples.jar                      # every bundled suite
 * java -jar nhi-guard-examples.jar --suite s.json --policy s.policy.yaml [--config s.replay.yaml] [--report out.json]
 * </pre>
 *
 * <p>With no {@code --suite}, the bundled suites (banking, slack) run with their bundled policies.
 * A new suite of the same schema needs a suite file, a policy and a replay config, no code; the
 * config defaults to {@code <suite>.replay.yaml} next to the policy.
 *
 * @since 0.1.0
 */
public final class AgentDojoDemo {

  /** The suites bundled in the jar, under {@code agentdojo/}. */
  public static final List<String> BUNDLED = List.of("banking", "slack");

  private AgentDojoDemo() {}

  /**
   * One suite to replay: its file, its policy and its replay config, each read from a file or
   * from the jar.
   *
   * @param name a short name for messages
   * @param suite the suite
   * @param config the replay config
   * @param policy the compiled policy
   */
  public record Input(String name, Suite suite, ReplayConfig config, PolicyDecisionPoint policy) {

    /**
     * Validates an input.
     *
     * @throws NullPointerException if a component is null
     */
    public Input {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(suite, "suite");
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(policy, "policy");
    }
  }

  /**
   * Runs the demo.
   *
   * @param args the command line; see the class documentation
   */
  public static void main(String[] args) {
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (IllegalArgumentException | UncheckedIOException | NhiGuardException e) {
      System.err.println("error: " + e.getMessage());
      code = 2;
    }
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the demo with the given streams.
   *
   * @param args the command line
   * @param out where the tables go
   * @param err where usage and errors go
   * @return the exit code: 0 on success, 2 on a usage error
   * @throws IllegalArgumentException if an input file is invalid
   * @throws io.nhiguard.api.PolicyDefinitionException if the policy is invalid
   * @throws UncheckedIOException if a file cannot be read or the report cannot be written
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String suite = null;
    String policy = null;
    String config = null;
    String report = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        err.println(usage());
        return 0;
      }
      if (i + 1 >= args.length || !(a.equals("--suite") || a.equals("--policy") || a.equals("--config") || a.equals("--report"))) {
        err.println("error: unexpected argument '" + a + "'\n" + usage());
        return 2;
      }
      String v = args[++i];
      switch (a) {
        case "--suite":
          suite = v;
          break;
        case "--policy":
          policy = v;
          break;
        case "--config":
          config = v;
          break;
        default:
          report = v;
          break;
      }
    }
    List<Input> inputs = new ArrayList<>();
    if (suite == null) {
      if (policy != null || config != null) {
        err.println("error: --policy and --config need --suite\n" + usage());
        return 2;
      }
      for (String name : BUNDLED) {
        inputs.add(bundled(name));
      }
    } else {
      if (policy == null) {
        err.println("error: --suite needs --policy\n" + usage());
        return 2;
      }
      inputs.add(fromFiles(Path.of(suite), Path.of(policy), config == null ? null : Path.of(config)));
    }
    List<SuiteReport> reports = new ArrayList<>();
    for (Input in : inputs) {
      SuiteReport r = new SuiteReplay(in.suite(), in.config(), in.policy()).run();
      reports.add(r);
      out.print(ReportTable.render(r, in.policy()));
      out.println();
    }
    out.print(ReportTable.legend());
    if (report != null) {
      writeReport(Path.of(report), reports);
      out.println("Report written to " + report);
    }
    return 0;
  }

  private static String usage() {
    return "usage: java -jar nhi-guard-examples.jar [--suite FILE --policy FILE [--config FILE]] [--report FILE]\n"
        + "  no --suite: replay every bundled suite (" + String.join(", ", BUNDLED) + ") with its bundled policy\n"
        + "  --config defaults to <suite>.replay.yaml next to the policy";
  }

  /**
   * Loads a bundled suite with its policy and config from the jar.
   *
   * @param name the suite name, one of {@link #BUNDLED}
   * @return the input
   * @throws IllegalArgumentException if the name is not bundled
   * @throws UncheckedIOException if a resource cannot be read
   */
  public static Input bundled(String name) {
    if (!BUNDLED.contains(name)) {
      throw new IllegalArgumentException("No bundled suite '" + name + "'; bundled are " + BUNDLED);
    }
    try {
      Suite suite;
      try (InputStream in = resource("agentdojo/" + name + ".json")) {
        suite = Suite.read(in);
      }
      ReplayConfig config;
      try (InputStream in = resource("agentdojo/" + name + ".replay.yaml")) {
        config = ReplayConfig.read(in);
      }
      String policyText;
      try (InputStream in = resource("agentdojo/" + name + ".policy.yaml")) {
        policyText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      PolicyDecisionPoint policy = YamlPolicyLanguage.ofDefaults().compile("agentdojo/" + name + ".policy.yaml", policyText);
      return new Input(name, suite, config, policy);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the bundled suite '" + name + "': " + e.getMessage(), e);
    }
  }

  /**
   * Loads a suite, its policy and its config from files.
   *
   * @param suiteFile the suite JSON
   * @param policyFile the policy YAML
   * @param configFile the replay config; {@code null} for {@code <suite>.replay.yaml} next to the policy
   * @return the input
   * @throws IllegalArgumentException if a file is invalid
   * @throws UncheckedIOException if a file cannot be read
   */
  public static Input fromFiles(Path suiteFile, Path policyFile, Path configFile) {
    try {
      Suite suite;
      try (InputStream in = Files.newInputStream(suiteFile)) {
        suite = Suite.read(in);
      }
      Path cfg = configFile != null ? configFile : policyFile.toAbsolutePath().resolveSibling(suite.suite() + ".replay.yaml");
      if (!Files.isRegularFile(cfg)) {
        throw new IllegalArgumentException("Replay config '" + cfg + "' does not exist; pass --config FILE or put "
            + suite.suite() + ".replay.yaml next to the policy");
      }
      ReplayConfig config;
      try (InputStream in = Files.newInputStream(cfg)) {
        config = ReplayConfig.read(in);
      }
      String policyText = Files.readString(policyFile, StandardCharsets.UTF_8);
      PolicyDecisionPoint policy = YamlPolicyLanguage.ofDefaults().compile(policyFile.toString(), policyText);
      return new Input(suite.suite(), suite, config, policy);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read an input file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
  }

  private static InputStream resource(String path) throws IOException {
    InputStream in = AgentDojoDemo.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IOException("resource '" + path + "' is missing from the classpath");
    }
    return in;
  }

  /**
   * Writes the JSON report: one object for one suite, an array for several.
   *
   * @param file the file to write
   * @param reports the reports
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writeReport(Path file, List<SuiteReport> reports) {
    ObjectMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    try {
      Object value = reports.size() == 1 ? reports.get(0) : reports;
      Files.writeString(file, json.writeValueAsString(value) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report to '" + file + "': " + e.getMessage(), e);
    }
  }

  /** Renders a report as a text table. Stateless. */
  static final class ReportTable {
    private ReportTable() {}

    static String render(SuiteReport r, PolicyDecisionPoint policy) {
      StringBuilder sb = new StringBuilder();
      int injections = r.attack().byInjectionTask().size();
      sb.append(String.format(Locale.ROOT, "AgentDojo suite '%s': %d user tasks, %d injection tasks, %d pairs; policy '%s'%n",
          r.suite(), r.userTasks(), injections, r.pairs(), policy.policyId()));
      sb.append(rule());
      row(sb, "Benign", "completed without a human", r.benign().completedWithoutHuman(), r.userTasks());
      row(sb, "", "completed with owner approval", r.benign().completedWithOwnerApproval(), r.userTasks());
      row(sb, "", "denied", r.benign().denied(), r.userTasks());
      row(sb, "Attack", "goal reached", r.attack().goalReached(), r.pairs());
      row(sb, "", "stopped by deny", r.attack().stoppedByDeny(), r.pairs());
      row(sb, "", "stopped for approval", r.attack().stoppedForApproval(), r.pairs());
      row(sb, "", "user task still completed", r.attack().userTaskCompleted(), r.pairs());
      sb.append(String.format(Locale.ROOT, "%-7s %-30s %6d   p50 %.1f us, p99 %.1f us%n", "Guard", "decisions",
          r.decisions().count(), r.decisions().p50Micros(), r.decisions().p99Micros()));
      sb.append(String.format(Locale.ROOT, "%-7s %-30s %6d   chain and signatures %s%n", "Audit", "records",
          r.audit().records(), r.audit().verified() ? "verified" : "NOT VERIFIED"));
      sb.append(rule());
      sb.append(String.format(Locale.ROOT, "%-22s %8s %8s %8s%n", "injection task", "reached", "denied", "approval"));
      for (Map.Entry<String, SuiteReport.InjectionCounts> e : r.attack().byInjectionTask().entrySet()) {
        SuiteReport.InjectionCounts c = e.getValue();
        sb.append(String.format(Locale.ROOT, "%-22s %8d %8d %8d%n", e.getKey(), c.goalReached(), c.stoppedByDeny(), c.stoppedForApproval()));
      }
      if (!r.benign().held().isEmpty()) {
        sb.append(rule());
        sb.append("Benign calls that needed a human:\n");
        for (SuiteReport.Held h : r.benign().held()) {
          sb.append(String.format(Locale.ROOT, "  %-14s %-30s %-9s %s%n", h.task(), h.tool(), h.outcome(), String.join(", ", h.rules())));
        }
      }
      return sb.toString();
    }

    private static String rule() {
      return "-".repeat(72) + "\n";
    }

    private static void row(StringBuilder sb, String group, String what, int n, int of) {
      double share = of == 0 ? 0.0 : 100.0 * n / of;
      sb.append(String.format(Locale.ROOT, "%-7s %-30s %6d / %-4d %6.1f%%%n", group, what, n, of, share));
    }

    static String legend() {
      return "Benign: each user task's ground-truth calls, no attack. 'with owner approval' counts tasks that complete when the\n"
          + "owner approves every escalation. Attack: the attacker's goal arrives inside an untrusted tool output; the model\n"
          + "follows it, then finishes the user task. 'goal reached' counts pairs in which every attacker call was permitted\n"
          + "with no human step; an escalated attacker call waits for a human and is never counted as approved.\n";
    }
  }
}
