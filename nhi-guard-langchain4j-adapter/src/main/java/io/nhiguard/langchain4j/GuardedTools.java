package io.nhiguard.langchain4j;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolErrorContext;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecutionErrorHandler;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.Decision;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolCallDeniedException;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.api.ToolNames;
import io.nhiguard.core.DenialHandler;
import io.nhiguard.core.NhiGuard;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point of the LangChain4j adapter: wraps every kind of LangChain4j tool so that it
 * runs only through the guard ({@link NhiGuard}).
 *
 * <pre>{@code
 * GuardedTools guarded = GuardedTools.of(guard);
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(model)
 *     .tools(guarded.wrap(new BankTools()))                      // @Tool objects
 *     .toolProvider(guarded.wrap(mcpToolProvider))               // any ToolProvider, MCP included
 *     .hallucinatedToolNameStrategy(guarded.hallucinatedToolNameStrategy())
 *     .beforeToolExecution(guarded.beforeToolExecution())
 *     .toolExecutionErrorHandler(guarded.errorHandler())
 *     .build();
 * assistant.chat("pay bob 10", GuardContext.of(task));          // identity and task of this call
 * }</pre>
 *
 * <p>What it wraps, each into a guarded executor (see {@link GuardContext} for how identity and task
 * travel):
 *
 * <ul>
 *   <li>{@code @Tool} objects: {@link #wrap(Object...)} ({@code List<AiServiceTool>} for {@code
 *       AiServices.builder().tools(..)}) and {@link #wrapAsMap(Object...)} (for builders that take
 *       a map, such as langchain4j-agentic's {@code AgentBuilder.tools(Map)});
 *   <li>any {@link ToolProvider}, static or dynamic: {@link #wrap(ToolProvider)}; this is also how
 *       the tools of langchain4j-agentic agents are guarded ({@code AgentBuilder.toolProvider(..)});
 *   <li>MCP tools: {@link #mcpToolWrapper()} for {@code McpToolProvider.builder().toolWrapper(..)},
 *       or {@link #wrap(ToolProvider)} around the {@code McpToolProvider}, which also checks
 *       arguments against each tool's schema (the tool wrapper sees no schema);
 *   <li>single executors: {@link #wrapExecutor} and {@link #wrapTools(List)}.
 * </ul>
 *
 * <p><b>Denials.</b> By default a refused call never reaches its tool and the model receives an
 * error result with a short refusal it can act on: the tool, the reason code and the decision id,
 * without rule ids, policy text, argument values or secrets. With {@link
 * Builder#abortOnDenial()} the refusal aborts the AI-service call with {@link
 * ToolCallDeniedException} instead; install {@link #errorHandler()} (or {@link
 * #errorHandler(ToolExecutionErrorHandler)} around your own) as the {@code
 * toolExecutionErrorHandler}, because LangChain4j's default handler would hand the exception's
 * message to the model and continue. Escalations follow the guard's configuration: they block
 * until approved or time out ({@code NhiGuard.Builder.escalationBlocking}), or answer "pending
 * approval" ({@code escalationPending}).
 *
 * <p><b>Arguments.</b> The guard parses {@code ToolExecutionRequest.arguments()} strictly
 * (duplicate keys, trailing content, non-finite numbers, type mismatches and negative amounts are
 * denied), and the tool receives a new request whose arguments are the canonical JSON of exactly
 * the authorized values. Where the tool's {@link ToolSpecification} is known, the values are also
 * checked against its JSON schema before the decision (unknown keys, missing required ones, a
 * string where the schema wants an integer), so LangChain4j's lenient coercion never decides what
 * runs. An empty argument text counts as {@code {}}, as in LangChain4j.
 *
 * <p><b>Checks when wrapping</b> (each throws {@link IllegalArgumentException}): a tool name
 * outside the tool-name grammar (it could never run); two different sources registering the same
 * tool name through one instance (AC-63: the policy could not tell them apart; use one instance per
 * agent when two agents have their own tool objects); and, against the policy loaded at the time, a
 * catalogue entry that contradicts the tool's schema, or {@code @Tool(metadata = ...)} declarations
 * ({@code nhi-guard.action}, {@code nhi-guard.destination}, {@code nhi-guard.arguments}, {@code
 * nhi-guard.untrustedOutput}) that contradict the catalogue or describe a tool the catalogue lacks.
 * The catalogue is authoritative: metadata never adds to it. Tools unknown to the catalogue are
 * denied at call time ({@link ReasonCode#UNKNOWN_TOOL}). Tools of a {@link ToolProvider} are checked
 * each time the provider supplies them; a failed check aborts that AI-service call.
 *
 * <p><b>Unknown tool names.</b> LangChain4j never hands a call for an unregistered name (a
 * hallucinated {@code delete_all_files}, a case variant {@code Send_Email}) to any executor. {@link
 * #hallucinatedToolNameStrategy()} sends such calls through the guard, which audits and denies them
 * ({@link ReasonCode#UNKNOWN_TOOL}, {@link ReasonCode#MALFORMED_TOOL_NAME}); there is no fuzzy
 * matching. LangChain4j gives that strategy no invocation context, so {@link
 * #beforeToolExecution()} remembers each call's context for it; without it the call is still denied
 * and audited, without the agent.
 *
 * <p>Thread-safe: one instance may serve any number of concurrent AI-service calls.
 *
 * @since 0.1.0
 */
public final class GuardedTools {

  private static final Logger log = LoggerFactory.getLogger(GuardedTools.class);

  private static final String ENFORCED_BY = "nhi-guard-langchain4j-adapter";

  private final NhiGuard guard;
  private final boolean abortOnDenial;
  private final ConcurrentMap<String, Source> sources = new ConcurrentHashMap<>();
  /** Contexts of calls about to run, keyed by the identity of their request (weak keys). */
  private final Cache<ToolExecutionRequest, InvocationContext> pending =
      Caffeine.newBuilder().weakKeys().expireAfterWrite(Duration.ofMinutes(10)).maximumSize(100_000).build();

  private GuardedTools(NhiGuard guard, boolean abortOnDenial) {
    this.guard = guard;
    this.abortOnDenial = abortOnDenial;
  }

  /**
   * Returns an instance that answers refused calls with a refusal the model reads.
   *
   * @param guard the guard every wrapped tool goes through
   * @return a new instance
   * @throws NullPointerException if {@code guard} is null
   */
  public static GuardedTools of(NhiGuard guard) {
    return builder(guard).build();
  }

  /**
   * Starts a builder.
   *
   * @param guard the guard every wrapped tool goes through
   * @return a new builder
   * @throws NullPointerException if {@code guard} is null
   */
  public static Builder builder(NhiGuard guard) {
    return new Builder(Objects.requireNonNull(guard, "guard"));
  }

  // ---------------------------------------------------------------- @Tool objects

  /**
   * Wraps the {@code @Tool} methods of objects, for {@code AiServices.builder().tools(List)}.
   * Methods are found as LangChain4j finds them (declared and inherited concrete methods annotated
   * with {@link Tool}); each keeps its {@code returnBehavior}.
   *
   * @param toolObjects objects with {@code @Tool} methods; not classes, collections or providers
   * @return one guarded tool per {@code @Tool} method, ordered by object then method name
   * @throws IllegalArgumentException if an object has no {@code @Tool} method, is a class, an
   *     {@code Iterable} or a {@code ToolProvider}, or a check described in the class
   *     documentation fails
   * @throws NullPointerException if the array or an element is null
   */
  public List<AiServiceTool> wrap(Object... toolObjects) {
    Objects.requireNonNull(toolObjects, "toolObjects");
    List<AiServiceTool> out = new ArrayList<>();
    for (Object object : toolObjects) {
      Objects.requireNonNull(object, "toolObjects element");
      if (object instanceof Class || object instanceof Iterable || object instanceof ToolProvider || object instanceof Map) {
        throw new IllegalArgumentException(
            "Cannot scan a " + object.getClass().getName() + " for @Tool methods; pass tool objects themselves, and "
                + "ToolProviders to wrap(ToolProvider)");
      }
      List<Method> methods = toolMethods(object.getClass());
      if (methods.isEmpty()) {
        throw new IllegalArgumentException(
            "Object of " + object.getClass().getName() + " has no method annotated with @Tool; nothing to guard");
      }
      for (Method method : methods) {
        ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(method);
        ToolExecutor executor =
            DefaultToolExecutor.builder()
                .object(object)
                .originalMethod(method)
                .methodToInvoke(method)
                .wrapToolArgumentsExceptions(true)
                .propagateToolExecutionExceptions(true)
                .build();
        out.add(
            AiServiceTool.builder()
                .toolSpecification(spec)
                .toolExecutor(guarded(spec, executor, new Source(object, method.getName() + Arrays.toString(method.getParameterTypes()))))
                .returnBehavior(method.getAnnotation(Tool.class).returnBehavior())
                .build());
      }
    }
    return List.copyOf(out);
  }

  /**
   * Wraps the {@code @Tool} methods of objects as a map, for builders that take {@code
   * Map<ToolSpecification, ToolExecutor>} (such as langchain4j-agentic's {@code AgentBuilder}).
   * Return behaviours other than the default are lost in this form; use {@link #wrap(Object...)}
   * where a {@code List<AiServiceTool>} is accepted.
   *
   * @param toolObjects objects with {@code @Tool} methods
   * @return an insertion-ordered map from specification to guarded executor
   * @throws IllegalArgumentException as {@link #wrap(Object...)}
   * @throws NullPointerException if the array or an element is null
   */
  public Map<ToolSpecification, ToolExecutor> wrapAsMap(Object... toolObjects) {
    Map<ToolSpecification, ToolExecutor> out = new LinkedHashMap<>();
    for (AiServiceTool tool : wrap(toolObjects)) {
      out.put(tool.toolSpecification(), tool.toolExecutor());
    }
    return out;
  }

  /**
   * Wraps already-built tools (for example from another library), keeping their specification and
   * return behaviour.
   *
   * @param tools the tools
   * @return the guarded tools, in the same order
   * @throws IllegalArgumentException if a check described in the class documentation fails
   * @throws NullPointerException if the list or an element is null
   */
  public List<AiServiceTool> wrapTools(List<AiServiceTool> tools) {
    Objects.requireNonNull(tools, "tools");
    List<AiServiceTool> out = new ArrayList<>();
    for (AiServiceTool tool : tools) {
      Objects.requireNonNull(tool, "tools element");
      out.add(tool.toBuilder().toolExecutor(guarded(tool.toolSpecification(), tool.toolExecutor(), new Source(tool.toolExecutor(), "executor"))).build());
    }
    return List.copyOf(out);
  }

  /**
   * Wraps one executor with its specification.
   *
   * @param specification the tool's specification (name, schema, metadata)
   * @param executor the executor that runs the tool
   * @return the guarded executor
   * @throws IllegalArgumentException if a check described in the class documentation fails
   * @throws NullPointerException if an argument is null
   */
  public ToolExecutor wrapExecutor(ToolSpecification specification, ToolExecutor executor) {
    Objects.requireNonNull(specification, "specification");
    Objects.requireNonNull(executor, "executor");
    return guarded(specification, executor, new Source(executor, "executor"));
  }

  // ---------------------------------------------------------------- providers and MCP

  /**
   * Wraps a tool provider: every tool it supplies, at every call of a dynamic provider, runs only
   * through the guard. Use it for MCP ({@code McpToolProvider}) and for the tools of
   * langchain4j-agentic agents ({@code AgentBuilder.toolProvider(..)}).
   *
   * @param provider the provider
   * @return a provider of guarded tools, dynamic exactly when {@code provider} is
   * @throws NullPointerException if {@code provider} is null
   */
  public ToolProvider wrap(ToolProvider provider) {
    return new GuardedToolProvider(Objects.requireNonNull(provider, "provider"));
  }

  /**
   * Returns the wrapper for {@code McpToolProvider.builder().toolWrapper(..)}. The MCP provider hands
   * the wrapper only the executor, so the tool's name comes from each request and its arguments
   * are checked against the catalogue but not against the MCP tool's schema; prefer {@link
   * #wrap(ToolProvider)} around the {@code McpToolProvider} where that matters.
   *
   * @return a function from executor to guarded executor
   */
  public Function<ToolExecutor, ToolExecutor> mcpToolWrapper() {
    return executor -> {
      Objects.requireNonNull(executor, "executor");
      return isGuardedHere(executor) ? executor : new GuardedToolExecutor(this, null, executor);
    };
  }

  // ---------------------------------------------------------------- AiServices hooks

  /**
   * Returns the strategy for {@code hallucinatedToolNameStrategy(..)}: a call for a name no tool is
   * registered under goes through the guard, is audited and denied, and the model receives the
   * refusal (with {@link Builder#abortOnDenial()}, the AI-service call fails with {@link
   * ToolCallDeniedException}). Should the catalogue know the name although no executor is
   * registered for it, nothing runs and the model is told that no such tool is available.
   *
   * @return the strategy
   */
  public Function<ToolExecutionRequest, ToolExecutionResultMessage> hallucinatedToolNameStrategy() {
    return request -> {
      Objects.requireNonNull(request, "request");
      return ToolExecutionResultMessage.from(request, decideUnregistered(request, pending.asMap().remove(request)).resultText());
    };
  }

  /**
   * Decides a call for a name no executor is registered under, without running or leasing
   * anything: {@code NhiGuard.authorize} records the decision; whatever it is, nothing runs.
   */
  private ToolExecutionResult decideUnregistered(ToolExecutionRequest request, InvocationContext context) {
    String name = request.name() == null ? "" : request.name();
    String callId = request.id() == null || request.id().isBlank() ? "l4j-" + UUID.randomUUID() : request.id();
    ReasonCode unknown = ToolNames.isWellFormed(name) ? ReasonCode.UNKNOWN_TOOL : ReasonCode.MALFORMED_TOOL_NAME;
    if (context == null) {
      return denyHere(
          callId,
          GuardContext.resolve(null),
          name,
          unknown,
          "no tool of this name is registered with the AI service; the call's context is unknown "
              + "(install GuardedTools.beforeToolExecution())");
    }
    GuardContext.Caller caller = GuardContext.resolve(context);
    if (!caller.isResolved()) {
      return denyHere(callId, caller, name, unknown, "no tool of this name is registered with the AI service, and " + caller.problem);
    }
    String arguments = request.arguments() == null || request.arguments().isBlank() ? "{}" : request.arguments();
    Decision decision = guard.authorize(new ToolCall(callId, caller.agent, caller.taskId, name, arguments));
    if (decision.isPermitted()) {
      log.debug("Call {} names tool '{}', which the policy knows but no executor provides; nothing runs", SafeText.quote(callId), SafeText.quote(name));
      return errorResult("No tool named '" + SafeText.quote(name) + "' is available; use only the tools you were given.");
    }
    if (abortOnDenial) {
      throw new ToolCallDeniedException(decision);
    }
    return errorResult(refusal(name, decision.reasonCode(), decision.decisionId()));
  }

  /**
   * Returns the hook for {@code AiServices.builder().beforeToolExecution(..)} that lets {@link
   * #hallucinatedToolNameStrategy()} attribute unknown-tool calls to their agent and task.
   *
   * @return the hook
   */
  public Consumer<BeforeToolExecution> beforeToolExecution() {
    return beforeToolExecution(null);
  }

  /**
   * Returns {@link #beforeToolExecution()} followed by the application's own hook (LangChain4j keeps
   * one hook per AI service).
   *
   * @param next the application's hook, run after this one; null for none
   * @return the combined hook
   */
  public Consumer<BeforeToolExecution> beforeToolExecution(Consumer<BeforeToolExecution> next) {
    return before -> {
      if (before != null && before.request() != null && before.invocationContext() != null) {
        pending.put(before.request(), before.invocationContext());
      }
      if (next != null) {
        next.accept(before);
      }
    };
  }

  /**
   * Returns a {@code toolExecutionErrorHandler} that aborts the AI-service call on {@link
   * ToolCallDeniedException} and answers any other tool failure with a short text that names the
   * tool and the exception type but not its message (which may carry paths, hosts or secrets).
   *
   * @return the handler
   */
  public ToolExecutionErrorHandler errorHandler() {
    return errorHandler(null);
  }

  /**
   * Returns a {@code toolExecutionErrorHandler} that aborts the AI-service call on {@link
   * ToolCallDeniedException} and hands every other error to the application's handler.
   *
   * @param next the application's handler for other errors; null for the handler of {@link
   *     #errorHandler()}
   * @return the composed handler
   */
  public ToolExecutionErrorHandler errorHandler(ToolExecutionErrorHandler next) {
    return (error, context) -> {
      ToolCallDeniedException denied = denial(error, context);
      if (denied != null) {
        throw denied;
      }
      if (next != null) {
        return next.handle(error, context);
      }
      String tool = context == null || context.toolExecutionRequest() == null ? "" : context.toolExecutionRequest().name();
      String type = error == null ? "an unknown error" : error.getClass().getSimpleName();
      log.warn("Tool '{}' failed with {}; the model is told it failed, without the error message", SafeText.quote(tool), type);
      return ToolErrorHandlerResult.text("The tool '" + SafeText.quote(tool) + "' failed (" + type + ").");
    };
  }

  private static ToolCallDeniedException denial(Throwable error, ToolErrorContext context) {
    if (error instanceof ToolCallDeniedException) {
      return (ToolCallDeniedException) error;
    }
    Exception raw = context == null ? null : context.rawError();
    return raw instanceof ToolCallDeniedException ? (ToolCallDeniedException) raw : null;
  }

  // ---------------------------------------------------------------- package-private machinery

  NhiGuard guard() {
    return guard;
  }

  boolean abortsOnDenial() {
    return abortOnDenial;
  }

  void forget(ToolExecutionRequest request) {
    pending.invalidate(request);
  }

  /**
   * Denies a call the adapter itself refuses before the guard can decide (no identity or task,
   * schema mismatch, unknown tool without context): audits it, then refuses or throws.
   */
  ToolExecutionResult denyHere(String callId, GuardContext.Caller caller, String toolName, ReasonCode code, String problem) {
    String decisionId = "dec-" + UUID.randomUUID();
    Optional<PolicyDecisionPoint> policy = guard.policy();
    String policyId = policy.map(PolicyDecisionPoint::policyId).orElse("none");
    String policyVersion = policy.map(PolicyDecisionPoint::versionDigest).orElse("none");
    try {
      guard
          .auditLog()
          .append(
              AuditEvent.builder(AuditEvent.Type.DECISION, guard.clock().instant())
                  .decisionId(decisionId)
                  .callId(callId)
                  .agent(caller.agent == null ? "" : caller.agent.value())
                  .taskId(caller.taskId == null ? "" : caller.taskId)
                  .toolName(toolName)
                  .policyId(policyId)
                  .policyVersion(policyVersion)
                  .decision("DENY")
                  .reasonCode(code.name())
                  .outcome(AuditEvent.Outcome.DENIED)
                  .details(Map.of("enforcedBy", ENFORCED_BY, "problem", problem))
                  .build());
    } catch (RuntimeException e) {
      log.error("Audit log failed while recording the denial of call {}; the call stays denied", SafeText.quote(callId), e);
    }
    log.debug("Denied call {} of tool '{}' before the policy: {}", SafeText.quote(callId), SafeText.quote(toolName), code);
    if (abortOnDenial) {
      throw new ToolCallDeniedException(
          new Decision.Deny(
              decisionId, code, List.of(), Obligations.NONE, List.of(), policyId, policyVersion, "", List.of(), "Denied (" + code + "): " + problem));
    }
    return errorResult(refusal(toolName, code, decisionId));
  }

  /**
   * The refusal the model reads, in the shape of {@link DenialHandler#refusalText}: tool, reason
   * code, decision id and a hint, nothing of the policy.
   */
  static String refusal(String toolName, ReasonCode code, String decisionId) {
    String hint;
    switch (code) {
      case APPROVAL_PENDING:
        hint = "It is waiting for a human approval; do not retry with other arguments. Tell the user it needs approval.";
        break;
      case MALFORMED_ARGUMENTS:
        hint = "The arguments were not valid strict JSON of the declared types; fix them and retry.";
        break;
      case UNKNOWN_TOOL:
      case MALFORMED_TOOL_NAME:
        hint = "No such tool is available; use only the tools you were given.";
        break;
      case UNKNOWN_IDENTITY:
      case UNKNOWN_TASK:
        hint = "The call carried no valid agent identity or task; tell the user the request cannot be processed.";
        break;
      default:
        hint = "Do not try to work around this; tell the user what you could not do.";
    }
    return String.format(
        Locale.ROOT, "The call to tool '%s' was not permitted (%s, decision %s). %s", SafeText.quote(toolName), code, decisionId, hint);
  }

  static ToolExecutionResult errorResult(String text) {
    return ToolExecutionResult.builder().isError(true).resultText(text).build();
  }

  private boolean isGuardedHere(ToolExecutor executor) {
    return executor instanceof GuardedToolExecutor && ((GuardedToolExecutor) executor).owner() == this;
  }

  private ToolExecutor guarded(ToolSpecification spec, ToolExecutor executor, Source source) {
    if (isGuardedHere(executor)) {
      return executor; // checked and registered when it was wrapped
    }
    checkAtWrap(spec);
    register(spec.name(), source, false);
    return new GuardedToolExecutor(this, spec, executor);
  }

  private void register(String name, Source source, boolean atCallTime) {
    Source existing = sources.putIfAbsent(name, source);
    if (existing != null && !existing.equals(source)) {
      String message =
          "Tool name '" + SafeText.quote(name) + "' is already registered by " + existing + " and now also by " + source
              + "; the policy could not tell them apart (AC-63). Rename one tool, or use one GuardedTools per agent";
      if (atCallTime) {
        throw new IllegalStateException(message);
      }
      throw new IllegalArgumentException(message);
    }
  }

  private void checkAtWrap(ToolSpecification spec) {
    String name = spec.name();
    if (!ToolNames.isWellFormed(name)) {
      throw new IllegalArgumentException(
          "Tool '" + SafeText.quote(name) + "' could never run: " + ToolNames.problem(name) + "; rename it with @Tool(name = ...)");
    }
    ToolMetadata metadata = ToolMetadata.of(spec);
    Optional<PolicyDecisionPoint> policy = guard.policy();
    if (policy.isEmpty()) {
      return; // nothing to compare with yet; every call is denied until a policy is loaded
    }
    Optional<ToolDescriptor> entry = guard.tool(name);
    if (entry.isEmpty()) {
      if (metadata.declaresAny()) {
        throw new IllegalArgumentException(
            "Tool '" + name + "' declares nhi-guard metadata but policy '" + policy.get().policyId()
                + "' has no catalogue entry for it; the catalogue is authoritative, so add the tool to the policy");
      }
      return; // denied at call time as UNKNOWN_TOOL
    }
    String schemaProblem = SchemaCheck.contradiction(spec, entry.get());
    if (schemaProblem != null) {
      throw new IllegalArgumentException(
          "Tool '" + name + "' does not match its catalogue entry in policy '" + policy.get().policyId() + "': " + schemaProblem
              + "; fix the catalogue or the tool");
    }
    String metadataProblem = metadata.contradiction(entry.get());
    if (metadataProblem != null) {
      throw new IllegalArgumentException(
          "Tool '" + name + "' " + metadataProblem + " (policy '" + policy.get().policyId()
              + "'); the catalogue is authoritative, so fix the catalogue or the tool's metadata");
    }
  }

  private static List<Method> toolMethods(Class<?> type) {
    List<Method> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Method[] declared = c.getDeclaredMethods();
      Arrays.sort(declared, Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
      for (Method m : declared) {
        if (m.isBridge() || m.isSynthetic() || Modifier.isAbstract(m.getModifiers()) || !m.isAnnotationPresent(Tool.class)) {
          continue;
        }
        if (seen.add(m.getName() + Arrays.toString(m.getParameterTypes()))) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Where a tool name was registered from; the owner is compared by identity. */
  private static final class Source {
    private final Object owner;
    private final String member;

    Source(Object owner, String member) {
      this.owner = owner;
      this.member = member;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Source && ((Source) o).owner == owner && ((Source) o).member.equals(member);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(owner) * 31 + member.hashCode();
    }

    @Override
    public String toString() {
      return owner.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(owner)) + " (" + member + ")";
    }
  }

  /** A provider whose tools are all guarded; checks run each time the inner provider supplies tools. */
  private final class GuardedToolProvider implements ToolProvider {
    private final ToolProvider inner;

    GuardedToolProvider(ToolProvider inner) {
      this.inner = inner;
    }

    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
      ToolProviderResult result = inner.provideTools(request);
      ToolProviderResult.Builder out = ToolProviderResult.builder();
      if (result == null) {
        return out.build();
      }
      for (AiServiceTool tool : result.aiServiceTools()) {
        ToolSpecification spec = tool.toolSpecification();
        ToolExecutor executor = tool.toolExecutor();
        if (isGuardedHere(executor)) {
          out.add(tool); // wrapped (checked and registered) by this instance already
          continue;
        }
        checkAtWrap(spec);
        register(spec.name(), new Source(inner, "provider"), true);
        out.add(tool.toBuilder().toolExecutor(new GuardedToolExecutor(GuardedTools.this, spec, executor)).build());
      }
      return out.build();
    }

    @Override
    public boolean isDynamic() {
      return inner.isDynamic();
    }

    @Override
    public String toString() {
      return "GuardedToolProvider[" + inner + "]";
    }
  }

  /**
   * Builds {@link GuardedTools}. Not thread-safe; the product is. Each option may be set once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final NhiGuard guard;
    private boolean abortOnDenial;

    private Builder(NhiGuard guard) {
      this.guard = guard;
    }

    /**
     * Aborts the AI-service call with {@link ToolCallDeniedException} when a call is refused,
     * instead of answering the model with a refusal. Requires {@link GuardedTools#errorHandler()}
     * (or the composed form) as the AI service's {@code toolExecutionErrorHandler}, and the guard's
     * default {@link DenialHandler#throwing()}: with {@link DenialHandler#refusal()} the guard's
     * refusals reach the model as error results.
     *
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder abortOnDenial() {
      if (abortOnDenial) {
        throw new IllegalStateException("abortOnDenial was already set");
      }
      this.abortOnDenial = true;
      return this;
    }

    /**
     * Builds the instance.
     *
     * @return the instance
     */
    public GuardedTools build() {
      return new GuardedTools(guard, abortOnDenial);
    }
  }
}
