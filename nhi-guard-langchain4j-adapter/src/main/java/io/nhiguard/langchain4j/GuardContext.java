package io.nhiguard.langchain4j;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.api.SafeText;
import io.nhiguard.core.GuardTask;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a LangChain4j AI-service call tells the guard who acts and in which task: two entries of the
 * call's {@link InvocationParameters}, never a {@code ThreadLocal} (LangChain4j runs tools on
 * executor threads and on streaming callback threads).
 *
 * <ul>
 *   <li>{@value #AGENT}: the agent's SPIFFE ID, as {@link AgentId} or its string form;
 *   <li>{@value #TASK}: the id of an open task of that agent ({@link GuardTask#taskId()});
 *   <li>{@value #CREDENTIAL}: set by the guard, for the tool: the credential leased for this one
 *       call ({@link IssuedCredential}); read it with {@link #credential}.
 * </ul>
 *
 * <p>Declare an {@code InvocationParameters} parameter on the AI-service method (its text parameter
 * then needs {@code @UserMessage}) and pass {@link #of(GuardTask)}:
 *
 * <pre>{@code
 * interface Assistant { String chat(@UserMessage String message, InvocationParameters parameters); }
 * assistant.chat("pay bob 10", GuardContext.of(task));
 * }</pre>
 *
 * <p>A call whose parameters lack either key, or carry a malformed one, is denied and audited with
 * {@link io.nhiguard.api.ReasonCode#UNKNOWN_IDENTITY} or {@link
 * io.nhiguard.api.ReasonCode#UNKNOWN_TASK}: there is no default identity. The guard checks on every
 * call that the task is open and belongs to the agent, so the parameters select a task but cannot
 * grant anything the task's agent is not permitted. {@code InvocationParameters} is mutable and
 * shared with every tool of the invocation; tools are application code and are trusted not to
 * rewrite these keys.
 *
 * <p>The leased credential is visible only to the tool of the call it was leased for: each guarded
 * call hands its tool a call-local view of the parameters, so tools running concurrently never see
 * each other's credentials. The credential is revoked and destroyed when the call returns.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class GuardContext {

  /** The key of the acting agent's SPIFFE ID ({@link AgentId} or {@code String}). */
  public static final String AGENT = "nhi-guard.agent";

  /** The key of the task id ({@code String}). */
  public static final String TASK = "nhi-guard.task";

  /** The key under which a guarded tool finds the credential leased for its call. */
  public static final String CREDENTIAL = "nhi-guard.credential";

  private GuardContext() {}

  /**
   * Creates invocation parameters that name a task and its agent.
   *
   * @param task the open task the AI-service call works in
   * @return new, mutable parameters holding {@value #AGENT} and {@value #TASK}; add other entries
   *     as needed
   * @throws NullPointerException if {@code task} is null
   */
  public static InvocationParameters of(GuardTask task) {
    return put(new InvocationParameters(), task);
  }

  /**
   * Adds (or replaces) the task and its agent in existing invocation parameters.
   *
   * @param parameters the parameters the AI-service method receives
   * @param task the open task the AI-service call works in
   * @return {@code parameters}
   * @throws NullPointerException if an argument is null
   */
  public static InvocationParameters put(InvocationParameters parameters, GuardTask task) {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(task, "task");
    parameters.put(AGENT, task.agent().value());
    parameters.put(TASK, task.taskId());
    return parameters;
  }

  /**
   * Returns the credential the guard leased for the running tool call. Call it from inside a
   * {@code @Tool} method that declares an {@code InvocationParameters} parameter.
   *
   * @param parameters the parameters LangChain4j injected into the tool method
   * @return the credential, empty when the tool's catalogue entry needs none or the tool was not
   *     called through a guarded executor
   * @throws NullPointerException if {@code parameters} is null
   */
  public static Optional<IssuedCredential> credential(InvocationParameters parameters) {
    Objects.requireNonNull(parameters, "parameters");
    // only the call-local view a guarded executor hands its tool carries a credential; an entry a
    // caller put into the shared parameters is never taken for one
    return parameters instanceof CallParameters
        ? Optional.ofNullable(((CallParameters) parameters).credential())
        : Optional.empty();
  }

  /** Who asks, read from a call's context; exactly one of the problem or the pair is set. */
  static final class Caller {
    final AgentId agent;
    final String taskId;
    final String problem;
    final boolean taskProblem;

    private Caller(AgentId agent, String taskId, String problem, boolean taskProblem) {
      this.agent = agent;
      this.taskId = taskId;
      this.problem = problem;
      this.taskProblem = taskProblem;
    }

    boolean isResolved() {
      return problem == null;
    }
  }

  /**
   * Reads the agent and task of a call, failing closed on anything missing or malformed.
   *
   * @param context the invocation context, may be null
   * @return the caller or the problem
   */
  static Caller resolve(InvocationContext context) {
    InvocationParameters parameters = context == null ? null : context.invocationParameters();
    if (parameters == null) {
      return new Caller(null, null, "the call carries no invocation parameters; pass GuardContext.of(task)", false);
    }
    Map<String, Object> map = parameters.asMap();
    Object agent = map.get(AGENT);
    AgentId agentId;
    if (agent instanceof AgentId) {
      agentId = (AgentId) agent;
    } else if (agent instanceof String && AgentId.isValid((String) agent)) {
      agentId = AgentId.of((String) agent);
    } else if (agent == null) {
      return new Caller(null, null, "the invocation parameters name no agent under '" + AGENT + "'; pass GuardContext.of(task)", false);
    } else {
      return new Caller(
          null,
          null,
          "the invocation parameter '" + AGENT + "' is not a SPIFFE ID: '" + SafeText.quote(String.valueOf(agent)) + "'",
          false);
    }
    Object task = map.get(TASK);
    if (!(task instanceof String) || ((String) task).isBlank()) {
      return new Caller(
          agentId,
          null,
          task == null
              ? "the invocation parameters name no task under '" + TASK + "'; pass GuardContext.of(task)"
              : "the invocation parameter '" + TASK + "' is not a task id: '" + SafeText.quote(String.valueOf(task)) + "'",
          true);
    }
    return new Caller(agentId, (String) task, null, false);
  }
}
