package io.nhiguard.core.policy;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.Delegation;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.TaskContext;
import io.nhiguard.api.TaskHistory;
import io.nhiguard.api.TaskIntent;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fixed task and history described by a {@link PolicyFixture}. Provenance follows {@link
 * Provenance}: a value is trusted when it occurs (after NFC normalization; as a substring when at
 * least 3 characters long, else exactly) in the user's request, an intent parameter, the user's
 * own data or a trusted tool output; untrusted when it occurs only in untrusted tool output.
 * Immutable and thread-safe.
 */
final class FixtureContext implements TaskContext, TaskHistory {

  private final String taskId;
  private final AgentId agent;
  private final TaskIntent intent;
  private final Instant deadline;
  private final List<String> toolsUsed;
  private final Set<String> destinations;
  private final Set<String> dataClasses;
  private final boolean untrustedSeen;
  private final Map<String, BigDecimal> amounts;
  private final BigDecimal total;
  private final List<String> trusted;
  private final List<String> untrusted;

  FixtureContext(String taskId, AgentId agent, TaskIntent intent, Instant deadline, List<String> toolsUsed,
      Set<String> destinations, Set<String> dataClasses, boolean untrustedSeen, Map<String, BigDecimal> amounts,
      List<String> trustedOutputs, List<String> untrustedOutputs) {
    this.taskId = taskId;
    this.agent = agent;
    this.intent = intent;
    this.deadline = deadline;
    this.toolsUsed = List.copyOf(toolsUsed);
    this.destinations = Set.copyOf(destinations);
    this.dataClasses = Set.copyOf(dataClasses);
    this.untrustedSeen = untrustedSeen || !untrustedOutputs.isEmpty();
    this.amounts = Map.copyOf(amounts);
    BigDecimal sum = BigDecimal.ZERO;
    for (BigDecimal v : amounts.values()) {
      sum = sum.add(v);
    }
    this.total = sum;
    List<String> t = new ArrayList<>();
    t.add(intent.userRequest());
    intent.parameters().values().forEach(t::addAll);
    t.addAll(intent.trustedData());
    t.addAll(trustedOutputs);
    this.trusted = normalize(t);
    this.untrusted = normalize(untrustedOutputs);
  }

  private static List<String> normalize(List<String> texts) {
    List<String> out = new ArrayList<>(texts.size());
    for (String s : texts) {
      out.add(Normalizer.normalize(s, Normalizer.Form.NFC));
    }
    return List.copyOf(out);
  }

  private static boolean occurs(List<String> texts, String value) {
    for (String t : texts) {
      if (value.length() >= 3 ? t.contains(value) : t.equals(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Provenance provenanceOf(String value) {
    String v = Normalizer.normalize(value, Normalizer.Form.NFC);
    if (v.isEmpty()) {
      return Provenance.UNKNOWN;
    }
    if (occurs(trusted, v)) {
      return Provenance.TRUSTED;
    }
    return occurs(untrusted, v) ? Provenance.UNTRUSTED : Provenance.UNKNOWN;
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public AgentId agent() {
    return agent;
  }

  @Override
  public String requester() {
    return "fixture";
  }

  @Override
  public TaskIntent intent() {
    return intent;
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public double confidenceThreshold() {
    return 0.0;
  }

  @Override
  public boolean isOpenAt(Instant now) {
    return now.isBefore(deadline);
  }

  @Override
  public TaskHistory history() {
    return this;
  }

  @Override
  public Optional<Delegation> delegation() {
    return Optional.empty();
  }

  @Override
  public List<String> toolsUsed() {
    return toolsUsed;
  }

  @Override
  public Set<String> destinationsReached() {
    return destinations;
  }

  @Override
  public Set<String> dataClassesRead() {
    return dataClasses;
  }

  @Override
  public boolean untrustedContentSeen() {
    return untrustedSeen;
  }

  @Override
  public Map<String, BigDecimal> cumulativeAmounts() {
    return amounts;
  }

  @Override
  public BigDecimal totalAmount() {
    return total;
  }
}
