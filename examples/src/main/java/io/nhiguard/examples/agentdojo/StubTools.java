package io.nhiguard.examples.agentdojo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutor;
import io.nhiguard.api.SafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stub tools generated from a suite's tool catalogue: one LangChain4j {@link ToolSpecification}
 * per tool (name, description, JSON schema of its parameters) and one {@link ToolExecutor} that
 * returns the output the current run's {@link Scenario} planned for the call being made.
 *
 * <p>Nothing here is specific to a suite: a new suite file gets its tools from its catalogue.
 *
 * <p>Not thread-safe: a replay runs its scenarios one after another and points the stubs at the
 * current one with {@link #startRun(Run)}.
 *
 * @since 0.1.0
 */
public final class StubTools {

  private final Map<ToolSpecification, Stub> tools = new LinkedHashMap<>();
  private Run run;

  /**
   * Builds the stubs of a suite.
   *
   * @param suite the suite
   * @throws IllegalArgumentException if a parameter has a JSON type the stubs cannot describe
   * @throws NullPointerException if {@code suite} is null
   */
  public StubTools(Suite suite) {
    Objects.requireNonNull(suite, "suite");
    for (Suite.Tool t : suite.tools()) {
      JsonObjectSchema.Builder params = JsonObjectSchema.builder();
      List<String> required = new ArrayList<>();
      for (Suite.Parameter p : t.parameters()) {
        params.addProperty(p.name(), schema(t.name() + "." + p.name(), p.jsonType(), p.description()));
        if (p.required()) {
          required.add(p.name());
        }
      }
      params.required(required);
      ToolSpecification spec =
          ToolSpecification.builder().name(t.name()).description(t.description()).parameters(params.build()).build();
      tools.put(spec, new Stub(t.name()));
    }
  }

  private static JsonSchemaElement schema(String where, JsonNode type, String description) {
    JsonNode t = type.get("type");
    String name = t != null && t.isTextual() ? t.asText() : "";
    switch (name) {
      case "string":
        return JsonStringSchema.builder().description(description).build();
      case "number":
        return JsonNumberSchema.builder().description(description).build();
      case "integer":
        return JsonIntegerSchema.builder().description(description).build();
      case "boolean":
        return JsonBooleanSchema.builder().description(description).build();
      case "array": {
        JsonNode items = type.get("items");
        JsonSchemaElement item = items == null ? JsonStringSchema.builder().build() : schema(where + "[]", items, "");
        return JsonArraySchema.builder().description(description).items(item).build();
      }
      case "object":
        return JsonObjectSchema.builder().description(description).build();
      default:
        throw new IllegalArgumentException(
            "Parameter '" + SafeText.quote(where) + "' has JSON type '" + SafeText.quote(type.toString())
                + "'; the stubs describe string, number, integer, boolean, array and object");
    }
  }

  /**
   * Returns the tools as LangChain4j takes them.
   *
   * @return one tool per catalogue entry, in catalogue order, unguarded
   */
  public List<AiServiceTool> tools() {
    List<AiServiceTool> out = new ArrayList<>();
    tools.forEach((spec, stub) -> out.add(AiServiceTool.builder().toolSpecification(spec).toolExecutor(stub).build()));
    return out;
  }

  /**
   * Points the stubs at the run being replayed.
   *
   * @param value the run
   * @throws NullPointerException if {@code value} is null
   */
  public void startRun(Run value) {
    this.run = Objects.requireNonNull(value, "run");
  }

  /** Returns the planned output of the step the model is at, and records that the step ran. */
  private final class Stub implements ToolExecutor {
    private final String name;

    Stub(String name) {
      this.name = name;
    }

    @Override
    public String execute(ToolExecutionRequest request, Object memoryId) {
      Run r = run;
      if (r == null) {
        throw new IllegalStateException("Tool '" + name + "' ran outside a replayed run");
      }
      Scenario.Step step = r.currentStep();
      if (!step.call().function().equals(name) || !request.name().equals(name)) {
        throw new IllegalStateException(
            "Tool '" + SafeText.quote(request.name()) + "' ran while the model is at step " + step.index() + " ('"
                + SafeText.quote(step.call().function()) + "'); the replay is out of step");
      }
      r.executed(step.index());
      return step.output();
    }
  }
}
