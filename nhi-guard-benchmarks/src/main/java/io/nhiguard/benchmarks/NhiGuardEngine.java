package io.nhiguard.benchmarks;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Owner;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.ArgumentCanonicalizer;
import io.nhiguard.core.policy.CompiledPolicy;
import io.nhiguard.core.policy.Conditions;
import io.nhiguard.core.policy.PolicyBuilder;
import io.nhiguard.core.policy.PolicyDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workload in nhi-guard's terms: a tool catalogue, a compiled policy with one rule per workload
 * rule, registered-style identities and pre-built authorization requests (arguments parsed and
 * canonicalized once).
 *
 * <p>Mapping: agent {@code agent-7} is {@code spiffe://bench.example/agent/agent-7}; a rule targets
 * its agent by id; {@code ns.*} is nhi-guard's namespace wildcard; conditions are {@code in},
 * {@code between} and {@code urlHostIn} on the {@code recipient}, {@code amount} and {@code url}
 * arguments.
 *
 * <p>Not thread-safe to build; the results are immutable.
 */
public final class NhiGuardEngine {

  /** The trust domain of the benchmark agents. */
  public static final String TRUST_DOMAIN = "bench.example";

  /** The instant every pre-built request is made at. */
  public static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private NhiGuardEngine() {}

  /**
   * Returns the SPIFFE id of a workload agent.
   *
   * @param agent the workload name, {@code agent-<n>}
   * @return the id
   */
  public static AgentId agentId(String agent) {
    return AgentId.agent(TRUST_DOMAIN, agent);
  }

  /**
   * Returns the catalogue entry of a workload tool: action by namespace (pay PAYMENT, mail SEND, crm
   * WRITE, web and files READ), typed {@code recipient}, {@code amount}, {@code url} arguments, a
   * credential required.
   *
   * @param name the tool name
   * @return the descriptor
   */
  public static ToolDescriptor tool(String name) {
    String ns = name.substring(0, name.indexOf('.'));
    ActionKind action;
    switch (ns) {
      case "pay":
        action = ActionKind.PAYMENT;
        break;
      case "mail":
        action = ActionKind.SEND;
        break;
      case "crm":
        action = ActionKind.WRITE;
        break;
      default:
        action = ActionKind.READ;
    }
    return new ToolDescriptor(
        name,
        action,
        ns + ".example",
        Map.of("recipient", ArgumentRole.RECIPIENT, "amount", ArgumentRole.AMOUNT, "url", ArgumentRole.URL),
        Map.of("recipient", ArgumentType.STRING, "amount", ArgumentType.NUMBER, "url", ArgumentType.STRING),
        false,
        Set.of(),
        DataSensitivity.INTERNAL,
        true);
  }

  /**
   * Returns the policy document of a workload, not yet compiled.
   *
   * @param workload the workload
   * @return the document
   */
  public static PolicyDocument document(Workload workload) {
    return builder(workload).document();
  }

  /**
   * Compiles the policy of a workload (lenient: missing TTL caps are warnings).
   *
   * @param workload the workload
   * @return the compiled policy
   */
  public static CompiledPolicy compile(Workload workload) {
    return builder(workload).build();
  }

  private static PolicyBuilder builder(Workload workload) {
    PolicyBuilder b = PolicyBuilder.policy("bench");
    for (String t : workload.tools()) {
      b.tool(tool(t));
    }
    for (Workload.Rule r : workload.rules()) {
      PolicyBuilder.RuleBuilder rb = r.permit() ? b.permit(r.id()) : b.forbid(r.id());
      rb.tools(r.tool()).agents(agentId(r.agent()).value());
      switch (r.condition()) {
        case RECIPIENT_IN:
          rb.when(Conditions.arg("recipient").in(r.values()));
          break;
        case AMOUNT_RANGE:
          rb.when(Conditions.arg("amount").between(r.min(), r.max()));
          break;
        case HOST_IN:
          rb.when(Conditions.arg("url").urlHostIn(r.values()));
          break;
        default:
          break;
      }
    }
    return b;
  }

  /**
   * Returns an active identity for a workload agent, valid around {@link #NOW}.
   *
   * @param agent the workload name
   * @param now the reference instant
   * @return the identity
   */
  public static AgentIdentity identity(String agent, Instant now) {
    return AgentIdentity.builder(agentId(agent))
        .owner(Owner.of("owner-" + agent, "Owner of " + agent))
        .purpose("benchmark agent")
        .state(LifecycleState.ACTIVE)
        .createdAt(now.minus(Duration.ofDays(1)))
        .expiresAt(now.plus(Duration.ofDays(30)))
        .build();
  }

  /**
   * Pre-builds one authorization request per workload request: arguments parsed strictly against
   * the tool's declared types, a fixed task per agent with an empty history.
   *
   * @param workload the workload
   * @return the requests, in workload order
   */
  public static AuthorizationRequest[] requests(Workload workload) {
    return requests(workload, workload.requests());
  }

  /**
   * Pre-builds authorization requests for some workload requests.
   *
   * @param workload the workload that owns the agents and tools
   * @param requests the requests to convert
   * @return the requests, in order
   */
  public static AuthorizationRequest[] requests(Workload workload, List<Workload.Request> requests) {
    Map<String, ToolDescriptor> tools = new LinkedHashMap<>();
    for (String t : workload.tools()) {
      tools.put(t, tool(t));
    }
    Map<String, AgentIdentity> identities = new HashMap<>();
    Map<String, BenchTaskContext> tasks = new HashMap<>();
    TaskIntent intent = TaskIntent.builder("benchmark").build();
    for (String a : workload.agents()) {
      identities.put(a, identity(a, NOW));
      tasks.put(a, new BenchTaskContext("task-" + a, agentId(a), intent, NOW.plus(Duration.ofHours(1))));
    }
    AuthorizationRequest[] out = new AuthorizationRequest[requests.size()];
    for (int i = 0; i < out.length; i++) {
      Workload.Request r = requests.get(i);
      ToolDescriptor tool = tools.get(r.tool());
      ToolCall call = new ToolCall("call-" + i, agentId(r.agent()), "task-" + r.agent(), r.tool(), r.argumentsJson());
      out[i] = new AuthorizationRequest(call, tool, ArgumentCanonicalizer.parse(r.argumentsJson(), tool),
          identities.get(r.agent()), tasks.get(r.agent()), NOW);
    }
    return out;
  }
}
