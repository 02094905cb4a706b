package io.nhiguard.benchmarks;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.Decimal;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The workload as Cedar policies evaluated by cedar-java (JNI into the Rust engine), in two shapes:
 * one global policy set, and one policy set per agent (Cedar evaluates every policy of the set on
 * each call, so splitting by agent is the best shape a user can give it). Every set is
 * {@link PolicySet#cache() cached} on the Rust side once; without that each call re-sends and
 * re-parses the whole set.
 *
 * <p>Mapping: {@code principal == Agent::"agent-7"}, {@code action == Action::"call"}, an exact tool
 * is {@code resource == Tool::"crm.tool5"}, a wildcard is {@code context.tool like "crm.*"}; the
 * conditions are {@code [..].contains(context.recipient)}, {@code
 * context.amount.greaterThanOrEqual(decimal(..)) && ..lessThanOrEqual(..)} and {@code
 * [..].contains(context.urlHost)} (Cedar cannot parse URLs, so the host is extracted once per
 * request). Cedar's own semantics are forbid-overrides with default deny. A response that is not a
 * success, or that reports evaluation errors (Cedar skips an erroring policy, which for a forbid
 * fails open), counts as deny.
 *
 * <p>The engine is thread-safe; the benchmarks use it from one thread.
 */
public final class CedarEngine {

  private static final EntityTypeName AGENT = EntityTypeName.parse("Agent").orElseThrow();
  private static final EntityTypeName TOOL = EntityTypeName.parse("Tool").orElseThrow();
  private static final EntityUID CALL = EntityUID.parse("Action::\"call\"").orElseThrow();

  /**
   * One pre-built request.
   *
   * @param agent the workload agent name, to pick the per-agent policy set
   * @param request the Cedar request with its context
   */
  public record Request(String agent, AuthorizationRequest request) {

    /**
     * Validates.
     *
     * @param agent the agent name
     * @param request the Cedar request
     */
    public Request {
      java.util.Objects.requireNonNull(agent, "agent");
      java.util.Objects.requireNonNull(request, "request");
    }
  }

  private final BasicAuthorizationEngine engine;
  private final PolicySet global;
  private final Map<String, PolicySet> perAgent;

  private CedarEngine(BasicAuthorizationEngine engine, PolicySet global, Map<String, PolicySet> perAgent) {
    this.engine = engine;
    this.global = global;
    this.perAgent = perAgent;
  }

  /**
   * Parses and caches the policy sets.
   *
   * @param workload the workload
   * @param withGlobal whether to build the global set
   * @param withPerAgent whether to build the per-agent sets
   * @return the engine
   * @throws IllegalStateException if Cedar rejects the generated policies
   */
  public static CedarEngine build(Workload workload, boolean withGlobal, boolean withPerAgent) {
    BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    Map<String, List<Workload.Rule>> byAgent = new HashMap<>();
    for (Workload.Rule r : workload.rules()) {
      byAgent.computeIfAbsent(r.agent(), k -> new ArrayList<>()).add(r);
    }
    try {
      PolicySet global = null;
      if (withGlobal) {
        global = PolicySet.parsePolicies(policies(workload.rules()));
        global.cache();
      }
      Map<String, PolicySet> perAgent = new HashMap<>();
      if (withPerAgent) {
        for (Map.Entry<String, List<Workload.Rule>> e : byAgent.entrySet()) {
          PolicySet ps = PolicySet.parsePolicies(policies(e.getValue()));
          ps.cache();
          perAgent.put(e.getKey(), ps);
        }
      }
      return new CedarEngine(engine, global, Map.copyOf(perAgent));
    } catch (Exception e) {
      throw new IllegalStateException("Cedar rejected the generated policies: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the Cedar text of some rules.
   *
   * @param rules the rules
   * @return one policy per rule
   */
  public static String policies(List<Workload.Rule> rules) {
    StringBuilder sb = new StringBuilder();
    for (Workload.Rule r : rules) {
      sb.append(r.permit() ? "permit" : "forbid")
          .append("(principal == Agent::\"").append(r.agent()).append("\", action == Action::\"call\", ");
      List<String> when = new ArrayList<>();
      if (r.wildcard()) {
        sb.append("resource)");
        when.add("context.tool like \"" + r.namespace() + ".*\"");
      } else {
        sb.append("resource == Tool::\"").append(r.tool()).append("\")");
      }
      switch (r.condition()) {
        case RECIPIENT_IN:
          when.add(set(r.values()) + ".contains(context.recipient)");
          break;
        case HOST_IN:
          when.add(set(r.values()) + ".contains(context.urlHost)");
          break;
        case AMOUNT_RANGE:
          when.add("context.amount.greaterThanOrEqual(decimal(\"" + r.min().toPlainString() + "\"))"
              + " && context.amount.lessThanOrEqual(decimal(\"" + r.max().toPlainString() + "\"))");
          break;
        default:
          break;
      }
      if (!when.isEmpty()) {
        sb.append(" when { ").append(String.join(" && ", when)).append(" }");
      }
      sb.append(";\n");
    }
    return sb.toString();
  }

  private static String set(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * Pre-builds the Cedar requests of a workload (entities and context built once).
   *
   * @param requests the workload requests
   * @return the requests, in order
   */
  public static Request[] requests(List<Workload.Request> requests) {
    Request[] out = new Request[requests.size()];
    for (int i = 0; i < out.length; i++) {
      Workload.Request r = requests.get(i);
      Map<String, Value> context = new HashMap<>();
      context.put("tool", new PrimString(r.tool()));
      context.put("recipient", new PrimString(r.recipient()));
      context.put("amount", new Decimal(r.amount().toPlainString()));
      context.put("urlHost", new PrimString(r.host()));
      out[i] = new Request(r.agent(),
          new AuthorizationRequest(new EntityUID(AGENT, r.agent()), CALL, new EntityUID(TOOL, r.tool()), context));
    }
    return out;
  }

  /**
   * Decides with the global policy set.
   *
   * @param request the request
   * @return true if allowed without errors
   */
  public boolean global(Request request) {
    return allowed(engine, request.request(), global);
  }

  /**
   * Decides with the policy set of the request's agent; an agent without rules is denied.
   *
   * @param request the request
   * @return true if allowed without errors
   */
  public boolean perAgent(Request request) {
    PolicySet ps = perAgent.get(request.agent());
    return ps != null && allowed(engine, request.request(), ps);
  }

  private static boolean allowed(BasicAuthorizationEngine engine, AuthorizationRequest request, PolicySet ps) {
    try {
      AuthorizationResponse response = engine.isAuthorized(request, ps, Set.<Entity>of());
      if (response.type != AuthorizationResponse.SuccessOrFailure.Success || response.success.isEmpty()) {
        return false;
      }
      AuthorizationSuccessResponse s = response.success.get();
      return s.getErrors().isEmpty() && s.isAllowed();
    } catch (AuthException e) {
      return false;
    }
  }
}
