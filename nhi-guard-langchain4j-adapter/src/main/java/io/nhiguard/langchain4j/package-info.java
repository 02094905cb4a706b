/**
 * The LangChain4j adapter: {@link io.nhiguard.langchain4j.GuardedTools} wraps {@code @Tool}
 * objects, tool providers (MCP and langchain4j-agentic included) and single executors so that every
 * tool invocation of an AI service goes through {@link io.nhiguard.core.NhiGuard} first, and {@link
 * io.nhiguard.langchain4j.GuardContext} carries the acting agent and task in each call's {@code
 * InvocationParameters}.
 *
 * <p>The seam is LangChain4j's {@code ToolExecutor.executeWithContext(request, context)}: the
 * guarded executor decides there, then runs the real executor with a new request carrying exactly
 * the authorized canonical arguments. Everything but the two public classes is package-private.
 */
package io.nhiguard.langchain4j;
