package io.nhiguard.benchmarks;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A deterministic synthetic authorization workload shared by every engine under test: agents,
 * tools in five namespaces, rules and pre-generated requests, plus a plain reference evaluator.
 *
 * <p>Rules: rule {@code i} belongs to agent {@code i % agents}; one in four targets a namespace
 * wildcard ({@code ns.*}, matching on the label boundary, so {@code crm.*} matches {@code crm.tool5}
 * but not {@code crmx.tool5}); about one in ten is a forbid, always conditional. A condition is
 * none, recipient in a 5-set, amount in an inclusive decimal range (exact, two fraction digits),
 * or URL host in a 5-host allow-list. Semantics: a forbid that applies overrides any permit; no
 * applicable permit is a deny (default deny). Requests mostly aim at a tool an agent has a rule
 * for, so about 70% are permitted.
 *
 * <p>Immutable after construction and thread-safe.
 */
public final class Workload {

  /** The tool namespaces. */
  public static final List<String> NAMESPACES = List.of("crm", "mail", "pay", "web", "files");

  /** The default seed. */
  public static final long SEED = 42L;

  /** The kind of argument condition of a rule. */
  public enum Condition {
    /** Unconditional. */
    NONE,
    /** {@code recipient} in a set of addresses. */
    RECIPIENT_IN,
    /** {@code amount} within an inclusive decimal range. */
    AMOUNT_RANGE,
    /** the host of {@code url} in an allow-list. */
    HOST_IN
  }

  /**
   * One rule.
   *
   * @param id the rule id, {@code r<n>}
   * @param agent the agent name, {@code agent-<n>}
   * @param tool an exact tool name or a namespace wildcard {@code ns.*}
   * @param permit true for permit, false for forbid
   * @param condition the condition kind
   * @param values the recipients or hosts of a set condition, else empty
   * @param min the lower bound of a range condition, else null
   * @param max the upper bound of a range condition, else null
   */
  public record Rule(
      String id, String agent, String tool, boolean permit, Condition condition, List<String> values, BigDecimal min,
      BigDecimal max) {

    /**
     * Validates and copies.
     *
     * @param id the rule id
     * @param agent the agent name
     * @param tool the tool pattern
     * @param permit the effect
     * @param condition the condition kind
     * @param values the set values
     * @param min the range minimum or null
     * @param max the range maximum or null
     */
    public Rule {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(condition, "condition");
      values = List.copyOf(values);
    }

    /**
     * Returns whether the tool pattern is a namespace wildcard.
     *
     * @return true for {@code ns.*}
     */
    public boolean wildcard() {
      return tool.endsWith(".*");
    }

    /**
     * Returns the namespace of a wildcard pattern.
     *
     * @return the part before the first dot
     */
    public String namespace() {
      return tool.substring(0, tool.indexOf('.'));
    }
  }

  /**
   * One request.
   *
   * @param agent the agent name
   * @param tool the tool name
   * @param recipient the {@code recipient} argument
   * @param amount the {@code amount} argument, two fraction digits
   * @param url the {@code url} argument
   * @param host the host of {@code url}, extracted once
   */
  public record Request(String agent, String tool, String recipient, BigDecimal amount, String url, String host) {

    /**
     * Validates.
     *
     * @param agent the agent name
     * @param tool the tool name
     * @param recipient the recipient
     * @param amount the amount
     * @param url the URL
     * @param host the URL host
     */
    public Request {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(host, "host");
    }

    /**
     * Returns the arguments as the JSON document an agent framework would hand over.
     *
     * @return {@code {"recipient":..,"amount":..,"url":..}}
     */
    public String argumentsJson() {
      return "{\"recipient\":\"" + recipient + "\",\"amount\":" + amount.toPlainString() + ",\"url\":\"" + url + "\"}";
    }
  }

  private final List<String> agents;
  private final List<String> tools;
  private final List<Rule> rules;
  private final List<Request> requests;

  private Workload(List<String> agents, List<String> tools, List<Rule> rules, List<Request> requests) {
    this.agents = List.copyOf(agents);
    this.tools = List.copyOf(tools);
    this.rules = List.copyOf(rules);
    this.requests = List.copyOf(requests);
  }

  /**
   * The standard workload: 100 agents, 50 tools, 1,000 rules, 10,000 requests, seed 42.
   *
   * @return the workload
   */
  public static Workload standard() {
    return generate(100, 50, 1000, 10_000, SEED);
  }

  /**
   * A workload with ten rules per agent, for scaling runs: {@code max(1, rules / 10)} agents.
   *
   * @param rules the number of rules, at least 1
   * @param requests the number of requests, at least 1
   * @return the workload
   */
  public static Workload withRules(int rules, int requests) {
    return generate(Math.max(1, rules / 10), 50, rules, requests, SEED);
  }

  /**
   * Generates a workload.
   *
   * @param agentCount agents, at least 1
   * @param toolCount tools, at least {@link #NAMESPACES} size
   * @param ruleCount rules, at least {@code agentCount} so that every agent has a rule
   * @param requestCount requests, at least 1
   * @param seed the random seed
   * @return the workload
   * @throws IllegalArgumentException if a count is out of range
   */
  public static Workload generate(int agentCount, int toolCount, int ruleCount, int requestCount, long seed) {
    if (agentCount < 1 || toolCount < NAMESPACES.size() || ruleCount < agentCount || requestCount < 1) {
      throw new IllegalArgumentException("workload sizes out of range: agents " + agentCount + ", tools " + toolCount
          + ", rules " + ruleCount + ", requests " + requestCount + "; need agents >= 1, tools >= 5, rules >= agents, requests >= 1");
    }
    Random random = new Random(seed);
    List<String> agents = new ArrayList<>();
    for (int i = 0; i < agentCount; i++) {
      agents.add("agent-" + i);
    }
    List<String> tools = new ArrayList<>();
    for (int i = 0; i < toolCount; i++) {
      tools.add(NAMESPACES.get(i % NAMESPACES.size()) + ".tool" + i);
    }
    List<String> recipients = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      recipients.add("user" + i + "@example.com");
    }
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      hosts.add("api" + i + ".example.org");
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, List<Rule>> byAgent = new HashMap<>();
    for (int i = 0; i < ruleCount; i++) {
      String agent = agents.get(i % agentCount);
      boolean permit = random.nextInt(10) != 0;
      String tool = random.nextInt(4) == 0
          ? NAMESPACES.get(random.nextInt(NAMESPACES.size())) + ".*"
          : tools.get(random.nextInt(toolCount));
      Condition condition = Condition.values()[random.nextInt(4)];
      List<String> values = List.of();
      BigDecimal min = null;
      BigDecimal max = null;
      if (condition == Condition.RECIPIENT_IN) {
        values = pick(random, recipients, 5);
      } else if (condition == Condition.HOST_IN) {
        values = pick(random, hosts, 5);
      } else if (condition == Condition.AMOUNT_RANGE) {
        min = BigDecimal.valueOf(random.nextInt(100), 2);
        max = min.add(BigDecimal.valueOf(50_000 + random.nextInt(50_000), 2));
      }
      if (!permit && condition == Condition.NONE) {
        // Forbids are always conditional: a high-amount band, so the deny share stays moderate.
        condition = Condition.AMOUNT_RANGE;
        min = new BigDecimal("900.00");
        max = new BigDecimal("1000.00");
      }
      Rule rule = new Rule("r" + i, agent, tool, permit, condition, values, min, max);
      rules.add(rule);
      byAgent.computeIfAbsent(agent, k -> new ArrayList<>()).add(rule);
    }
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < requestCount; i++) {
      String agent = agents.get(random.nextInt(agentCount));
      List<Rule> mine = byAgent.get(agent);
      Rule target = mine.get(random.nextInt(mine.size()));
      String tool;
      String recipient;
      BigDecimal amount;
      String host;
      String path;
      if (random.nextInt(100) < 74 && target.permit()) {
        tool = target.wildcard() ? toolIn(random, tools, target.namespace()) : target.tool();
        recipient = target.condition() == Condition.RECIPIENT_IN
            ? target.values().get(random.nextInt(target.values().size()))
            : recipients.get(random.nextInt(recipients.size()));
        amount = target.condition() == Condition.AMOUNT_RANGE
            ? target.min().add(BigDecimal.valueOf(random.nextInt(1000), 2))
            : BigDecimal.valueOf(random.nextInt(120_000), 2);
        host = target.condition() == Condition.HOST_IN
            ? target.values().get(random.nextInt(target.values().size()))
            : hosts.get(random.nextInt(hosts.size()));
        path = "/v1/x?q=" + i;
      } else {
        tool = tools.get(random.nextInt(toolCount));
        recipient = recipients.get(random.nextInt(recipients.size()));
        amount = BigDecimal.valueOf(random.nextInt(120_000), 2);
        host = hosts.get(random.nextInt(hosts.size()));
        path = "/v1/y";
      }
      String url = "https://" + host + path;
      String parsedHost = URI.create(url).getHost();
      requests.add(new Request(agent, tool, recipient, amount, url, parsedHost));
    }
    return new Workload(agents, tools, rules, requests);
  }

  private static String toolIn(Random random, List<String> tools, String namespace) {
    while (true) {
      String t = tools.get(random.nextInt(tools.size()));
      if (t.startsWith(namespace + ".")) {
        return t;
      }
    }
  }

  private static List<String> pick(Random random, List<String> from, int n) {
    List<String> copy = new ArrayList<>(from);
    Collections.shuffle(copy, random);
    return List.copyOf(copy.subList(0, n));
  }

  /**
   * Returns the agent names.
   *
   * @return {@code agent-0} .. {@code agent-(n-1)}
   */
  public List<String> agents() {
    return agents;
  }

  /**
   * Returns the tool names.
   *
   * @return {@code <ns>.tool<i>}
   */
  public List<String> tools() {
    return tools;
  }

  /**
   * Returns the rules.
   *
   * @return the rules in generation order
   */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * Returns the requests.
   *
   * @return the requests in generation order
   */
  public List<Request> requests() {
    return requests;
  }

  /**
   * The reference semantics: whether a rule applies to a request.
   *
   * @param rule the rule
   * @param request the request
   * @return true if agent, tool and condition all match
   */
  public static boolean applies(Rule rule, Request request) {
    if (!rule.agent().equals(request.agent())) {
      return false;
    }
    boolean toolMatches = rule.wildcard()
        ? request.tool().startsWith(rule.namespace() + ".")
        : rule.tool().equals(request.tool());
    if (!toolMatches) {
      return false;
    }
    switch (rule.condition()) {
      case NONE:
        return true;
      case RECIPIENT_IN:
        return rule.values().contains(request.recipient());
      case HOST_IN:
        return rule.values().contains(request.host());
      case AMOUNT_RANGE:
        return request.amount().compareTo(rule.min()) >= 0 && request.amount().compareTo(rule.max()) <= 0;
      default:
        throw new IllegalStateException("unknown condition " + rule.condition());
    }
  }

  /**
   * The reference decision: forbid overrides permit, default deny.
   *
   * @param request the request
   * @return true if permitted
   */
  public boolean permits(Request request) {
    boolean permit = false;
    for (Rule rule : rules) {
      if (applies(rule, request)) {
        if (!rule.permit()) {
          return false;
        }
        permit = true;
      }
    }
    return permit;
  }

  /**
   * Returns the requests the reference permits.
   *
   * @return the permitted requests, in order
   */
  public List<Request> permittedRequests() {
    List<Request> out = new ArrayList<>();
    for (Request r : requests) {
      if (permits(r)) {
        out.add(r);
      }
    }
    return out;
  }
}
