package io.nhiguard.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

/**
 * The workload as a jCasbin ABAC model with structured policy columns and one matcher (no per-rule
 * {@code eval()}, which is slower), in two shapes: one global enforcer holding every rule, and one
 * enforcer per agent (jCasbin does not index rules by subject, so splitting by agent is the best
 * shape a user can give it).
 *
 * <p>Mapping: {@code p = sub, tool, kind, vals, min, max, eft}; {@code keyMatch} gives the
 * namespace wildcard ({@code crm.*} is the prefix {@code crm.}); amounts compare as
 * {@code BigDecimal} against {@code decimal(p.min)}; the URL host is extracted once per request and
 * passed as {@code r.args.host}; the effect {@code some(allow) && !some(deny)} is forbid-overrides
 * with default deny. Logging is off ({@code enableLog(false)}), otherwise every call formats the
 * request.
 *
 * <p>Enforcers are used from one thread at a time in the benchmarks.
 */
public final class JcasbinEngine {

  /** The model text. */
  public static final String MODEL = String.join("\n",
      "[request_definition]",
      "r = sub, tool, args",
      "[policy_definition]",
      "p = sub, tool, kind, vals, min, max, eft",
      "[policy_effect]",
      "e = some(where (p.eft == allow)) && !some(where (p.eft == deny))",
      "[matchers]",
      "m = r.sub == p.sub && keyMatch(r.tool, p.tool) && (p.kind == 'none'"
          + " || (p.kind == 'rcpt' && include(string.split(p.vals, ' '), r.args.recipient))"
          + " || (p.kind == 'amt' && r.args.amount >= decimal(p.min) && r.args.amount <= decimal(p.max))"
          + " || (p.kind == 'host' && include(string.split(p.vals, ' '), r.args.host)))");

  /**
   * One pre-built request.
   *
   * @param agent the subject
   * @param tool the tool name
   * @param args {@code recipient} (String), {@code amount} (BigDecimal), {@code host} (String)
   */
  public record Request(String agent, String tool, Map<String, Object> args) {

    /**
     * Validates.
     *
     * @param agent the subject
     * @param tool the tool name
     * @param args the attributes
     */
    public Request {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(tool, "tool");
      args = Map.copyOf(args);
    }
  }

  private final Enforcer global;
  private final Map<String, Enforcer> perAgent;

  private JcasbinEngine(Enforcer global, Map<String, Enforcer> perAgent) {
    this.global = global;
    this.perAgent = perAgent;
  }

  /**
   * Builds both shapes.
   *
   * @param workload the workload
   * @param withPerAgent whether to build the per-agent enforcers too
   * @return the engine
   */
  public static JcasbinEngine build(Workload workload, boolean withPerAgent) {
    Map<String, List<List<String>>> byAgent = new HashMap<>();
    List<List<String>> all = new ArrayList<>();
    for (Workload.Rule r : workload.rules()) {
      List<String> row = row(r);
      all.add(row);
      byAgent.computeIfAbsent(r.agent(), k -> new ArrayList<>()).add(row);
    }
    Map<String, Enforcer> perAgent = new HashMap<>();
    if (withPerAgent) {
      byAgent.forEach((agent, rows) -> perAgent.put(agent, enforcer(rows)));
    }
    return new JcasbinEngine(enforcer(all), Map.copyOf(perAgent));
  }

  private static Enforcer enforcer(List<List<String>> rows) {
    Enforcer e = new Enforcer(Model.newModelFromString(MODEL));
    e.enableLog(false);
    e.getAviatorEval().setCachedExpressionByDefault(true);
    e.addPolicies(rows);
    return e;
  }

  private static List<String> row(Workload.Rule r) {
    String kind;
    switch (r.condition()) {
      case RECIPIENT_IN:
        kind = "rcpt";
        break;
      case AMOUNT_RANGE:
        kind = "amt";
        break;
      case HOST_IN:
        kind = "host";
        break;
      default:
        kind = "none";
    }
    return List.of(r.agent(), r.tool(), kind, String.join(" ", r.values()),
        r.min() == null ? "" : r.min().toPlainString(), r.max() == null ? "" : r.max().toPlainString(),
        r.permit() ? "allow" : "deny");
  }

  /**
   * Pre-builds the requests of a workload.
   *
   * @param requests the workload requests
   * @return the requests, in order
   */
  public static Request[] requests(List<Workload.Request> requests) {
    Request[] out = new Request[requests.size()];
    for (int i = 0; i < out.length; i++) {
      Workload.Request r = requests.get(i);
      Map<String, Object> args = new HashMap<>();
      args.put("recipient", r.recipient());
      args.put("amount", r.amount());
      args.put("host", r.host());
      out[i] = new Request(r.agent(), r.tool(), args);
    }
    return out;
  }

  /**
   * Decides with the global enforcer.
   *
   * @param request the request
   * @return true if allowed
   */
  public boolean global(Request request) {
    return global.enforce(request.agent(), request.tool(), request.args());
  }

  /**
   * Decides with the enforcer of the request's agent; an agent without rules is denied.
   *
   * @param request the request
   * @return true if allowed
   */
  public boolean perAgent(Request request) {
    Enforcer e = perAgent.get(request.agent());
    return e != null && e.enforce(request.agent(), request.tool(), request.args());
  }

  /**
   * Returns the number of rules the global enforcer holds (exact duplicates are dropped).
   *
   * @return the count
   */
  public int globalPolicyCount() {
    return global.getPolicy().size();
  }
}
