/**
 * The LangChain4j adapter of nhi-guard: wraps every LangChain4j tool executor ({@code @Tool}
 * objects, tool providers, MCP tools, the tools of agentic agents) so that no tool runs without a
 * decision of the guard.
 *
 * <p>LangChain4j 1.19.0 ships no module descriptors, so {@code langchain4j} and {@code
 * langchain4j.core} are automatic modules named after their jar files.
 */
module io.nhiguard.langchain4j {
  requires transitive io.nhiguard.core;
  requires transitive langchain4j.core;
  requires transitive langchain4j;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports io.nhiguard.langchain4j;
}
