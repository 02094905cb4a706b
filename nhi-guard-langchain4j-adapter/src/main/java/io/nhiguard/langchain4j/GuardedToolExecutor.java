package io.nhiguard.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.nhiguard.api.AuthorizedCall;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.MalformedArgumentsException;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolCallDeniedException;
import io.nhiguard.api.ToolResult;
import io.nhiguard.core.ArgumentCanonicalizer;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link ToolExecutor} that runs its delegate only through the guard: the policy enforcement
 * point of one LangChain4j tool.
 *
 * <p>One call, in order:
 *
 * <ol>
 *   <li>read the request's name and argument text once; read agent and task from the call's {@code
 *       InvocationParameters} ({@link GuardContext}); missing or malformed: deny;
 *   <li>with a tool specification: parse the arguments strictly and check them against the tool's
 *       JSON schema ({@link SchemaCheck}); a mismatch: deny with {@link
 *       ReasonCode#MALFORMED_ARGUMENTS} (a document that does not parse is left to the guard, which
 *       denies it the same way);
 *   <li>{@code guard.intercept(call, next)}: the guard validates the name, the identity and task,
 *       parses the arguments strictly against the catalogue, decides, audits and leases;
 *   <li>{@code next} builds a <em>new</em> request whose arguments are the canonical JSON of the
 *       authorized arguments (never the model's text) and a call-local context carrying the leased
 *       credential, and runs the delegate with them.
 * </ol>
 *
 * <p>Denials done here (steps 1 and 2) are audited by {@link GuardedTools} and answered exactly
 * like the guard's own. Exceptions of the delegate (the tool threw, LangChain4j rejected the
 * canonical arguments) propagate unchanged to LangChain4j's error handlers after the guard has
 * audited the failure.
 *
 * <p>Thread-safe and stateless per call: concurrent calls are guarded independently.
 */
final class GuardedToolExecutor implements ToolExecutor {

  private final GuardedTools owner;
  private final ToolSpecification spec;
  private final ToolExecutor delegate;

  GuardedToolExecutor(GuardedTools owner, ToolSpecification spec, ToolExecutor delegate) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.spec = spec;
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  GuardedTools owner() {
    return owner;
  }

  ToolExecutor delegate() {
    return delegate;
  }

  @Override
  public String execute(ToolExecutionRequest request, Object memoryId) {
    return executeWithContext(request, InvocationContext.builder().chatMemoryId(memoryId).build()).resultText();
  }

  @Override
  public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
    Objects.requireNonNull(request, "request");
    owner.forget(request);
    String name = request.name() == null ? "" : request.name();
    String rawArguments = request.arguments();
    String arguments = rawArguments == null || rawArguments.isBlank() ? "{}" : rawArguments;
    String requestId = request.id();
    String callId = requestId == null || requestId.isBlank() ? "l4j-" + UUID.randomUUID() : requestId;

    GuardContext.Caller caller = GuardContext.resolve(context);
    if (!caller.isResolved()) {
      return owner.denyHere(
          callId, caller, name, caller.taskProblem ? ReasonCode.UNKNOWN_TASK : ReasonCode.UNKNOWN_IDENTITY, caller.problem);
    }
    if (spec != null) {
      String problem = schemaProblem(arguments);
      if (problem != null) {
        return owner.denyHere(callId, caller, name, ReasonCode.MALFORMED_ARGUMENTS, problem);
      }
    }

    ToolCall call = new ToolCall(callId, caller.agent, caller.taskId, name, arguments);
    Run run = new Run();
    ToolResult result;
    try {
      result = owner.guard().intercept(call, authorized -> run(authorized, request, context, run));
    } catch (ToolCallDeniedException denied) {
      if (run.entered || owner.abortsOnDenial()) {
        throw denied; // thrown by the tool itself (a nested guarded call), or abort was chosen
      }
      return GuardedTools.errorResult(GuardedTools.refusal(name, denied.decision().reasonCode(), denied.decision().decisionId()));
    }
    if (run.result != null) {
      return run.result; // the delegate's own result: keeps its result object, contents and attributes
    }
    return GuardedTools.errorResult(result.text());
  }

  private ToolResult run(AuthorizedCall authorized, ToolExecutionRequest original, InvocationContext context, Run run) {
    run.entered = true;
    ToolExecutionRequest authorizedRequest =
        ToolExecutionRequest.builder()
            .id(original.id())
            .name(authorized.tool().name())
            .arguments(authorized.arguments().canonicalJson())
            .build();
    InvocationContext callContext =
        context.toBuilder()
            .invocationParameters(new CallParameters(context.invocationParameters(), authorized.credential()))
            .build();
    ToolExecutionResult result = delegate.executeWithContext(authorizedRequest, callContext);
    if (result == null) {
      result = ToolExecutionResult.builder().isError(true).resultText("The tool returned no result").build();
    }
    run.result = result;
    String text = result.resultText();
    return new ToolResult(text == null ? "" : text, result.isError());
  }

  private String schemaProblem(String arguments) {
    CanonicalArguments parsed;
    try {
      parsed = ArgumentCanonicalizer.parse(arguments);
    } catch (MalformedArgumentsException e) {
      return null; // not strict JSON: the guard denies it (MALFORMED_ARGUMENTS) and audits why
    }
    return SchemaCheck.problem(spec, parsed);
  }

  /** What happened inside the guard; confined to the calling thread (the guard runs {@code next} on it). */
  private static final class Run {
    boolean entered;
    ToolExecutionResult result;
  }
}
