package io.nhiguard.core;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.Delegation;
import io.nhiguard.api.DelegationScope;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.TaskContext;
import io.nhiguard.api.TaskHistory;
import io.nhiguard.api.TaskIntent;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A task session: one bounded piece of work an application starts for a requester, created by
 * {@link NhiGuard#startTask}. It holds the trusted intent, the deadline, the confidence threshold,
 * the delegation (for delegated tasks) and the history the policy reads.
 *
 * <p>Closing the task (or letting its deadline pass) revokes every credential leased in it and
 * closes the tasks delegated from it; a reported confidence below the threshold does the same and
 * denies every further call. Closing is idempotent.
 *
 * <p>Provenance: values count as trusted when they occur in the user's request, the intent's
 * parameters, the user's own data ({@link TaskIntent#trustedData()}), or the output of a tool whose
 * catalogue entry does not mark its output untrusted. See {@link Provenance} for what exact
 * matching does and does not catch.
 *
 * <p>Thread-safe: history updates and reads synchronize on the task; tools may run concurrently.
 *
 * @since 0.1.0
 */
public final class GuardTask implements TaskContext, AutoCloseable {

  /** Why a task stopped accepting calls. */
  public enum State {
    /** Calls are decided on their merits. */
    OPEN,
    /** Closed by the application or because its parent closed. */
    CLOSED,
    /** Its confidence fell below the threshold. */
    LOW_CONFIDENCE
  }

  /**
   * The most tool-output text, in characters, a task remembers for provenance; output beyond it
   * is not remembered, so values found only there are never {@link Provenance#TRUSTED}.
   */
  public static final long MAX_CONTEXT_CHARS = 16L * 1024 * 1024;

  private final NhiGuard guard;
  private final String taskId;
  private final AgentId agent;
  private final String requester;
  private final TaskIntent intent;
  private final Instant deadline;
  private final double confidenceThreshold;
  private final Delegation delegation;
  private final GuardTask parent;
  private final List<GuardTask> children = new CopyOnWriteArrayList<>();

  private State state = State.OPEN;
  private double confidence = 1.0;
  private final Set<String> toolsUsed = new LinkedHashSet<>();
  private final Set<String> destinations = new LinkedHashSet<>();
  private final Set<String> dataClasses = new LinkedHashSet<>();
  private final Map<String, BigDecimal> amounts = new HashMap<>();
  private BigDecimal total = BigDecimal.ZERO;
  private boolean untrustedSeen;
  private final Set<String> trustedTexts = new LinkedHashSet<>();
  private final Set<String> untrustedTexts = new LinkedHashSet<>();
  private long contextChars;
  private final History history = new History();

  GuardTask(
      NhiGuard guard,
      String taskId,
      AgentId agent,
      String requester,
      TaskIntent intent,
      Instant deadline,
      double confidenceThreshold,
      Delegation delegation,
      GuardTask parent) {
    this.guard = guard;
    this.taskId = taskId;
    this.agent = agent;
    this.requester = requester;
    this.intent = intent;
    this.deadline = deadline;
    this.confidenceThreshold = confidenceThreshold;
    this.delegation = delegation;
    this.parent = parent;
    trustedTexts.add(normalize(intent.userRequest()));
    intent.parameters().values().forEach(vs -> vs.forEach(v -> trustedTexts.add(normalize(v))));
    intent.trustedData().forEach(t -> trustedTexts.add(normalize(t)));
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
    return requester;
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
    return confidenceThreshold;
  }

  @Override
  public synchronized boolean isOpenAt(Instant now) {
    return state == State.OPEN && now.isBefore(deadline);
  }

  /**
   * Returns the task's state (deadline aside: see {@link #isOpenAt(Instant)}).
   *
   * @return the state
   */
  public synchronized State state() {
    return state;
  }

  /**
   * Returns the last reported confidence, 1.0 until one is reported.
   *
   * @return the confidence in [0, 1]
   */
  public synchronized double confidence() {
    return confidence;
  }

  @Override
  public TaskHistory history() {
    return history;
  }

  @Override
  public Optional<Delegation> delegation() {
    return Optional.ofNullable(delegation);
  }

  /**
   * Returns the task this one was delegated from.
   *
   * @return the parent task, empty for a root task
   */
  public Optional<GuardTask> parent() {
    return Optional.ofNullable(parent);
  }

  /**
   * Hands part of this task to another agent with an attenuated scope. The delegate is authorized
   * as itself: its own policy applies, and the guard additionally confines it to the effective
   * scope (this task's scope narrowed by {@code scope}; omitted limits inherit) and requires that
   * every agent up the chain would be permitted the same call. The delegate task never outlives
   * this one.
   *
   * @param delegate the delegate agent, registered and active
   * @param scope the limits handed down; {@link DelegationScope#INHERIT} keeps this task's
   * @param delegateIntent the delegate's intent (trusted parameters narrower than this task's)
   * @return the delegate's task
   * @throws IllegalArgumentException if the delegate is unknown or not active, is already in the
   *     chain (a cycle), or the depth is exhausted
   * @throws IllegalStateException if this task is not open
   * @throws NullPointerException if an argument is null
   */
  public GuardTask delegate(AgentId delegate, DelegationScope scope, TaskIntent delegateIntent) {
    return guard.delegateTask(this, delegate, scope, delegateIntent);
  }

  /**
   * Reports the agent's confidence that it is still on task; below the threshold the task loses
   * its credentials and denies every further call.
   *
   * @param value the confidence in [0, 1]
   * @throws IllegalArgumentException if {@code value} is outside [0, 1] or not a number
   */
  public void reportConfidence(double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("confidence must be within [0, 1], but was " + value);
    }
    boolean dropped;
    synchronized (this) {
      confidence = value;
      dropped = value < confidenceThreshold && state == State.OPEN;
      if (dropped) {
        state = State.LOW_CONFIDENCE;
      }
    }
    if (dropped) {
      guard.onTaskEnded(this, "confidence " + value + " below threshold " + confidenceThreshold);
    }
  }

  /**
   * Closes the task: revokes every credential leased in it and closes its delegated tasks.
   * Idempotent.
   */
  @Override
  public void close() {
    boolean wasOpen;
    synchronized (this) {
      wasOpen = state == State.OPEN;
      if (wasOpen) {
        state = State.CLOSED;
      }
    }
    if (wasOpen) {
      guard.onTaskEnded(this, "closed");
    }
  }

  void addChild(GuardTask child) {
    children.add(child);
  }

  List<GuardTask> children() {
    return children;
  }

  void closeBecause(State newState) {
    synchronized (this) {
      if (state != State.OPEN) {
        return;
      }
      state = newState;
    }
    guard.onTaskEnded(this, "parent task ended");
  }

  synchronized void recordCall(String tool, String destination, Set<String> classes, Map<String, BigDecimal> callAmounts) {
    toolsUsed.add(tool);
    destinations.add(destination);
    dataClasses.addAll(classes);
    callAmounts.forEach(
        (k, v) -> {
          amounts.merge(tool, v, BigDecimal::add);
          total = total.add(v);
        });
  }

  synchronized void recordOutput(String output, boolean untrusted) {
    if (untrusted) {
      untrustedSeen = true;
    }
    if (contextChars + output.length() > MAX_CONTEXT_CHARS) {
      // Past the cap nothing more is remembered: later values can only lose trust (fail closed).
      return;
    }
    String text = normalize(output);
    if ((untrusted ? untrustedTexts : trustedTexts).add(text)) {
      contextChars += text.length();
    }
  }

  private static String normalize(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  private static boolean occursIn(Collection<String> texts, String value) {
    if (value.length() >= 3) {
      for (String t : texts) {
        if (t.contains(value)) {
          return true;
        }
      }
      return false;
    }
    for (String t : texts) {
      if (t.equals(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "GuardTask[" + taskId + ", agent=" + agent + "]";
  }

  private final class History implements TaskHistory {
    @Override
    public List<String> toolsUsed() {
      synchronized (GuardTask.this) {
        return List.copyOf(toolsUsed);
      }
    }

    @Override
    public Set<String> destinationsReached() {
      synchronized (GuardTask.this) {
        return Set.copyOf(destinations);
      }
    }

    @Override
    public Set<String> dataClassesRead() {
      synchronized (GuardTask.this) {
        return Set.copyOf(dataClasses);
      }
    }

    @Override
    public boolean untrustedContentSeen() {
      synchronized (GuardTask.this) {
        return untrustedSeen;
      }
    }

    @Override
    public Map<String, BigDecimal> cumulativeAmounts() {
      synchronized (GuardTask.this) {
        return Map.copyOf(amounts);
      }
    }

    @Override
    public BigDecimal totalAmount() {
      synchronized (GuardTask.this) {
        return total;
      }
    }

    @Override
    public Provenance provenanceOf(String value) {
      String v = normalize(Objects.requireNonNull(value, "value"));
      synchronized (GuardTask.this) {
        if (occursIn(trustedTexts, v)) {
          return Provenance.TRUSTED;
        }
        if (occursIn(untrustedTexts, v)) {
          return Provenance.UNTRUSTED;
        }
        return Provenance.UNKNOWN;
      }
    }
  }
}
