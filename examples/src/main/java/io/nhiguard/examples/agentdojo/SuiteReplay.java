package io.nhiguard.examples.agentdojo;

import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.tool.AiServiceTool;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.ModelBinding;
import io.nhiguard.api.Owner;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.GuardTask;
import io.nhiguard.core.NhiGuard;
import io.nhiguard.core.approval.InMemoryApprovalService;
import io.nhiguard.core.audit.AuditLog;
import io.nhiguard.core.audit.AuditSigningKey;
import io.nhiguard.core.audit.AuditVerifier;
import io.nhiguard.core.audit.InMemoryAuditSink;
import io.nhiguard.core.audit.VerificationResult;
import io.nhiguard.core.credential.InMemoryCredentialVault;
import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import io.nhiguard.langchain4j.GuardContext;
import io.nhiguard.langchain4j.GuardedTools;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays one AgentDojo suite through a guarded LangChain4j agent and counts what the guard lets
 * through and what it stops.
 *
 * <p>For each user task, a real {@link AiServices} agent with a {@link ScriptedChatModel} makes the
 * task's ground-truth calls against {@link StubTools}, every call passing through {@link NhiGuard}
 * (benign run). For each (user task, injection task) pair, the attacker's goal arrives inside the
 * output of the task's first vector-carrying tool, the model follows the injection's calls and
 * then finishes the user task (attacked run). The guard is never told which calls are attacks.
 *
 * <p>Trusted context of a task is what a deployment would know: the user's prompt ({@link
 * TaskIntent#userRequest()}), the user's own data (the config's {@code userData} facts, as {@link
 * TaskIntent#trustedData()}), and outputs of tools the policy does not mark untrusted. The replay
 * refuses to run if the policy treats a tool that carries an injection vector as trusted.
 *
 * <p><b>Escalations.</b> Benign runs use a guard that waits for approval, and an owner who
 * approves every request ({@link OwnerDesk}); a task completes without a human when none of its
 * calls was escalated. Attacked runs use a guard that answers escalations at once with "pending":
 * an escalated call does not run and counts as stopped for human review, never as approved.
 *
 * <p>Each run is its own task session ({@link NhiGuard#startTask}); closing it revokes its
 * credentials. The replay clock moves on by {@link #SESSION_GAP} between sessions, so the
 * approval service's per-agent rate limit applies per session, as it would for sessions hours
 * apart. Before the measured replay, the benign runs are played once on a throwaway deployment,
 * so that decision latencies are not those of a cold JVM.
 *
 * <p>Not thread-safe; a replay runs once.
 *
 * @since 0.1.0
 */
public final class SuiteReplay {

  /**
   * Replay time between two sessions: longer than the approval service's request TTL and rate
   * window, so requests left pending by one session neither linger nor count against the next.
   */
  public static final Duration SESSION_GAP = Duration.ofMinutes(16);

  /** The agent interface LangChain4j implements. */
  public interface Assistant {
    /**
     * Sends the user's request.
     *
     * @param prompt the user's request
     * @param parameters the identity and task of this call ({@link GuardContext#of(GuardTask)})
     * @return the model's final answer
     */
    String chat(@UserMessage String prompt, InvocationParameters parameters);
  }

  private final Suite suite;
  private final ReplayConfig config;
  private final PolicyDecisionPoint policy;
  private final List<Run> runs = new ArrayList<>();
  private final List<AuditRecord> auditRecords = new ArrayList<>();

  /**
   * Prepares a replay.
   *
   * @param suite the suite
   * @param config the suite's replay config
   * @param policy the compiled policy for the suite
   * @throws IllegalArgumentException if the config does not fit the suite, or the policy marks a
   *     tool that carries an injection vector as trusted
   * @throws NullPointerException if an argument is null
   */
  public SuiteReplay(Suite suite, ReplayConfig config, PolicyDecisionPoint policy) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.config = Objects.requireNonNull(config, "config");
    this.policy = Objects.requireNonNull(policy, "policy");
    config.checkAgainst(suite);
    for (String tool : config.untrustedTools()) {
      Optional<ToolDescriptor> d = policy.tool(tool);
      if (d.isPresent() && !d.get().untrustedOutput()) {
        throw new IllegalArgumentException(
            "Policy '" + SafeText.quote(policy.policyId()) + "' marks the output of '" + SafeText.quote(tool)
                + "' as trusted, but that output carries an injection vector of suite '" + SafeText.quote(suite.suite())
                + "'; mark it 'output: untrusted'");
      }
    }
  }

  /**
   * Runs every user task benignly and every (user task, injection task) pair under attack.
   *
   * @return the report
   */
  public SuiteReport run() {
    if (!runs.isEmpty()) {
      throw new IllegalStateException("This replay has already run; create a new one");
    }
    try (Deployment warmUp = new Deployment()) {
      for (Suite.UserTask task : suite.userTasks()) {
        warmUp.replay(true, Scenario.benign(suite, config, task));
      }
    }
    SuiteReport.Builder report = SuiteReport.builder(suite.suite(), suite.userTasks().size());
    try (Deployment d = new Deployment()) {
      for (Suite.UserTask task : suite.userTasks()) {
        report.benign(record(d.replay(true, Scenario.benign(suite, config, task))));
      }
      for (Suite.UserTask task : suite.userTasks()) {
        for (Suite.InjectionTask injection : suite.injectionTasks()) {
          report.attacked(record(d.replay(false, Scenario.attacked(suite, config, task, injection))));
        }
      }
      d.audit.flush();
      List<AuditRecord> records = d.sink.records();
      auditRecords.addAll(records);
      VerificationResult verified =
          AuditVerifier.builder().trustKey(d.key.keyId(), d.key.publicKey()).requireSignatures().build().verify(records);
      report.decisions(decisionNanos(records));
      report.audit(records.size(), verified.isOk());
    }
    return report.build();
  }

  private Run record(Run run) {
    runs.add(run);
    return run;
  }

  /**
   * One in-memory deployment of the agent: identity registry, vault, approvals with the owner's
   * desk, a signed audit log, and two guards on them: one that waits for the owner's approval, one
   * that answers escalations with "pending".
   */
  private final class Deployment implements AutoCloseable {
    final ReplayClock clock = new ReplayClock(Instant.parse("2026-01-05T08:00:00Z"));
    final AgentId agentId = AgentId.agent(config.trustDomain(), config.agent());
    final InMemoryAuditSink sink = new InMemoryAuditSink();
    final AuditSigningKey key = AuditSigningKey.generate("replay-" + suite.suite(), new SecureRandom());
    final AuditLog audit = AuditLog.builder().clock(clock).signingKey(key).sink(sink).synchronous().build();
    final OwnerDesk desk;
    final StubTools stubs = new StubTools(suite);
    final List<String> userData = suite.factStrings(config.userData());
    final NhiGuard withOwner;
    final NhiGuard ownerAway;
    final GuardedTools guardedWithOwner;
    final GuardedTools guardedOwnerAway;
    final List<AiServiceTool> toolsWithOwner;
    final List<AiServiceTool> toolsOwnerAway;

    Deployment() {
      InMemoryIdentityRegistry identities = InMemoryIdentityRegistry.of(clock);
      Instant now = clock.instant();
      identities.register(
          AgentIdentity.builder(agentId)
              .owner(Owner.of(config.owner(), config.owner()))
              .purpose("AgentDojo " + suite.suite() + " assistant")
              .modelBinding(ModelBinding.of("scripted", "agentdojo-ground-truth", "1"))
              .state(LifecycleState.ACTIVE)
              .createdAt(now)
              .expiresAt(now.plus(Duration.ofDays(365)))
              .reviewDueAt(now.plus(Duration.ofDays(180)))
              .build(),
          config.owner());
      InMemoryCredentialVault vault = InMemoryCredentialVault.builder().clock(clock).build();
      desk = new OwnerDesk(InMemoryApprovalService.builder().clock(clock).identityRegistry(identities).build());
      withOwner =
          NhiGuard.builder()
              .clock(clock)
              .policy(policy)
              .identities(identities)
              .vault(vault)
              .approvals(desk)
              .auditLog(audit)
              .escalationBlocking(Duration.ofSeconds(5))
              .build();
      ownerAway =
          NhiGuard.builder()
              .clock(clock)
              .policy(policy)
              .identities(identities)
              .vault(vault)
              .approvals(desk)
              .auditLog(audit)
              .escalationPending()
              .build();
      guardedWithOwner = GuardedTools.of(withOwner);
      guardedOwnerAway = GuardedTools.of(ownerAway);
      toolsWithOwner = guardedWithOwner.wrapTools(stubs.tools());
      toolsOwnerAway = guardedOwnerAway.wrapTools(stubs.tools());
    }

    /** Replays one scenario as its own task session, with or without the owner at the desk. */
    Run replay(boolean ownerApproves, Scenario scenario) {
      NhiGuard guard = ownerApproves ? withOwner : ownerAway;
      GuardedTools guarded = ownerApproves ? guardedWithOwner : guardedOwnerAway;
      clock.advance(SESSION_GAP);
      Run run = new Run(scenario);
      stubs.startRun(run);
      desk.startRun(run);
      TaskIntent intent =
          TaskIntent.builder(scenario.userTask().id())
              .userRequest(scenario.userTask().prompt())
              .trustedData(userData)
              .build();
      try (GuardTask task = guard.startTask(agentId, config.owner(), intent, Duration.ofMinutes(10))) {
        Assistant assistant =
            AiServices.builder(Assistant.class)
                .chatModel(new ScriptedChatModel(run))
                .tools(ownerApproves ? toolsWithOwner : toolsOwnerAway)
                .hallucinatedToolNameStrategy(guarded.hallucinatedToolNameStrategy())
                .beforeToolExecution(guarded.beforeToolExecution())
                .toolExecutionErrorHandler(guarded.errorHandler())
                .maxToolCallingRoundTrips(scenario.steps().size() + 2)
                .build();
        assistant.chat(scenario.userTask().prompt(), GuardContext.of(task));
      }
      if (run.stepsRequested() != scenario.steps().size()) {
        throw new IllegalStateException(
            "Run of " + scenario.userTask().id() + " stopped after " + run.stepsRequested() + " of " + scenario.steps().size() + " steps");
      }
      return run;
    }

    @Override
    public void close() {
      ownerAway.close();
      withOwner.close();
    }
  }

  /** Durations of the guard's decisions: the first DECISION record of each call, which times the evaluation. */
  private static long[] decisionNanos(List<AuditRecord> records) {
    List<Long> out = new ArrayList<>();
    for (AuditRecord r : records) {
      AuditEvent e = r.event();
      if (e.type() == AuditEvent.Type.DECISION && e.outcome() == AuditEvent.Outcome.NONE) {
        out.add(e.durationNanos());
      }
    }
    long[] a = new long[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    Arrays.sort(a);
    return a;
  }

  /**
   * Returns the runs made by {@link #run()}: the benign runs in user-task order, then the attacked
   * runs by user task and injection task.
   *
   * @return the runs, empty before {@link #run()}
   */
  public List<Run> runs() {
    return List.copyOf(runs);
  }

  /**
   * Returns the audit records of {@link #run()}.
   *
   * @return the records in chain order, empty before {@link #run()}
   */
  public List<AuditRecord> auditRecords() {
    return List.copyOf(auditRecords);
  }

  /**
   * Returns the suite.
   *
   * @return the suite
   */
  public Suite suite() {
    return suite;
  }
}
