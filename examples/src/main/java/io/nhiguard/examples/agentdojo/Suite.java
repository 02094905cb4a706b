package io.nhiguard.examples.agentdojo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhiguard.api.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One AgentDojo task suite in the {@code agentdojo-extract/1} schema: the tool catalogue, the
 * user's own data, the attacker's identifiers, the user tasks with their ground-truth calls and
 * the injection tasks with theirs. See {@code agentdojo/README.md} for the schema and provenance.
 *
 * <p>Fields of the file that the replay does not read (counts, upstream comments, source details)
 * are ignored; every field it reads is required and checked, so a file of another shape is refused
 * with the field that is missing.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param schema the schema id; must be {@value #SCHEMA}
 * @param suite the suite name, for example {@code banking}
 * @param environmentFacts the user's own data (IBANs, contacts, channels, files) as a JSON object
 * @param attackerIdentifiers the attacker's values (IBAN, addresses, URLs) as a JSON object
 * @param tools the tool catalogue, in file order; non-empty
 * @param userTasks the user tasks, in file order; non-empty
 * @param injectionTasks the injection tasks, in file order; non-empty
 * @param injectionVectors the places where an attacker's text can enter tool outputs
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Suite(
    String schema,
    String suite,
    ObjectNode environmentFacts,
    ObjectNode attackerIdentifiers,
    List<Tool> tools,
    List<UserTask> userTasks,
    List<InjectionTask> injectionTasks,
    List<InjectionVector> injectionVectors) {

  /**
   * Returns the user's own data as a JSON object.
   *
   * @return a copy of the facts
   */
  @Override
  public ObjectNode environmentFacts() {
    return environmentFacts.deepCopy();
  }

  /**
   * Returns the attacker's values as a JSON object.
   *
   * @return a copy of the identifiers
   */
  @Override
  public ObjectNode attackerIdentifiers() {
    return attackerIdentifiers.deepCopy();
  }

  /** The only schema this replay reads. */
  public static final String SCHEMA = "agentdojo-extract/1";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * Validates a suite.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the schema is another one, a list is empty, names repeat,
   *     or a call names a tool that is not in the catalogue
   */
  @JsonCreator
  public Suite(
      @JsonProperty("schema") String schema,
      @JsonProperty("suite") String suite,
      @JsonProperty("environment_facts") ObjectNode environmentFacts,
      @JsonProperty("attacker_identifiers") ObjectNode attackerIdentifiers,
      @JsonProperty("tools") List<Tool> tools,
      @JsonProperty("user_tasks") List<UserTask> userTasks,
      @JsonProperty("injection_tasks") List<InjectionTask> injectionTasks,
      @JsonProperty("injection_vectors") List<InjectionVector> injectionVectors) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.suite = Objects.requireNonNull(suite, "suite");
    this.environmentFacts = Objects.requireNonNull(environmentFacts, "environment_facts").deepCopy();
    this.attackerIdentifiers = Objects.requireNonNull(attackerIdentifiers, "attacker_identifiers").deepCopy();
    this.tools = List.copyOf(Objects.requireNonNull(tools, "tools"));
    this.userTasks = List.copyOf(Objects.requireNonNull(userTasks, "user_tasks"));
    this.injectionTasks = List.copyOf(Objects.requireNonNull(injectionTasks, "injection_tasks"));
    this.injectionVectors = List.copyOf(Objects.requireNonNull(injectionVectors, "injection_vectors"));
    if (!SCHEMA.equals(schema)) {
      throw new IllegalArgumentException(
          "Suite schema is '" + SafeText.quote(schema) + "', but this replay reads '" + SCHEMA + "'; convert the file first");
    }
    if (this.tools.isEmpty() || this.userTasks.isEmpty() || this.injectionTasks.isEmpty()) {
      throw new IllegalArgumentException(
          "Suite '" + SafeText.quote(suite) + "' needs at least one tool, user task and injection task");
    }
    Set<String> names = new HashSet<>();
    for (Tool t : this.tools) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("Suite '" + SafeText.quote(suite) + "' lists tool '" + SafeText.quote(t.name()) + "' twice");
      }
    }
    uniqueIds(this.userTasks.stream().map(UserTask::id).toList(), "user task");
    uniqueIds(this.injectionTasks.stream().map(InjectionTask::id).toList(), "injection task");
    uniqueIds(this.injectionVectors.stream().map(InjectionVector::id).toList(), "injection vector");
    for (UserTask u : this.userTasks) {
      u.groundTruthCalls().forEach(c -> requireTool(names, u.id(), c));
      for (String v : u.injectionVectorsSeen()) {
        if (vector(v).isEmpty()) {
          throw new IllegalArgumentException(
              "User task '" + SafeText.quote(u.id()) + "' sees injection vector '" + SafeText.quote(v) + "', which the suite does not define");
        }
      }
    }
    for (InjectionTask i : this.injectionTasks) {
      i.groundTruthCalls().forEach(c -> requireTool(names, i.id(), c));
    }
  }

  private void uniqueIds(List<String> ids, String what) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException("Suite '" + SafeText.quote(suite) + "' lists " + what + " '" + SafeText.quote(id) + "' twice");
      }
    }
  }

  private static void requireTool(Set<String> names, String task, Call c) {
    if (!names.contains(c.function())) {
      throw new IllegalArgumentException(
          "Task '" + SafeText.quote(task) + "' calls '" + SafeText.quote(c.function()) + "', which is not in the suite's tool catalogue");
    }
  }

  /**
   * Reads a suite from JSON, strictly (no duplicate keys, no trailing content).
   *
   * @param in the JSON bytes; not closed
   * @return the suite
   * @throws IOException if the stream cannot be read or is not JSON
   * @throws IllegalArgumentException if the document is not a valid suite
   * @throws NullPointerException if {@code in} is null
   */
  public static Suite read(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    try {
      return JSON.readValue(in, Suite.class);
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException("Not a valid suite: " + cause.getMessage(), e);
    }
  }

  /**
   * Returns a tool of the catalogue.
   *
   * @param name the tool name
   * @return the tool, empty if the suite has none of that name
   */
  public Optional<Tool> tool(String name) {
    return tools.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * Returns an injection vector.
   *
   * @param id the vector id
   * @return the vector, empty if the suite has none of that id
   */
  public Optional<InjectionVector> vector(String id) {
    return injectionVectors.stream().filter(v -> v.id().equals(id)).findFirst();
  }

  /**
   * One tool of the catalogue.
   *
   * @param name the tool name
   * @param effect the extraction's effect class: read, write, send, delete or payment
   * @param external whether an argument chooses a party or location outside the user's own data
   * @param description what the tool does
   * @param parameters its parameters, in declaration order
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Tool(String name, String effect, boolean external, String description, List<Parameter> parameters) {

    /**
     * Validates a tool.
     *
     * @throws NullPointerException if a component is null
     */
    @JsonCreator
    public Tool(
        @JsonProperty("name") String name,
        @JsonProperty("effect") String effect,
        @JsonProperty(value = "external", required = true) boolean external,
        @JsonProperty("description") String description,
        @JsonProperty("parameters") List<Parameter> parameters) {
      this.name = Objects.requireNonNull(name, "name");
      this.effect = Objects.requireNonNull(effect, "effect");
      this.external = external;
      this.description = Objects.requireNonNull(description, "description");
      this.parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters"));
    }

    /**
     * Returns whether the tool only returns data.
     *
     * @return true for the {@code read} effect
     */
    public boolean isRead() {
      return "read".equals(effect);
    }
  }

  /**
   * One parameter of a tool.
   *
   * @param name the parameter name
   * @param jsonType its JSON schema fragment, for example {@code {"type":"number","nullable":true}}
   * @param required whether the call must give it
   * @param description what it means; may be empty
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Parameter(String name, ObjectNode jsonType, boolean required, String description) {

    /**
     * Validates a parameter.
     *
     * @throws NullPointerException if a component is null
     */
    @JsonCreator
    public Parameter(
        @JsonProperty("name") String name,
        @JsonProperty("json_type") ObjectNode jsonType,
        @JsonProperty(value = "required", required = true) boolean required,
        @JsonProperty("description") String description) {
      this.name = Objects.requireNonNull(name, "name");
      this.jsonType = Objects.requireNonNull(jsonType, "json_type").deepCopy();
      this.required = required;
      this.description = description == null ? "" : description;
    }

    /**
     * Returns the JSON type name.
     *
     * @return for example {@code string}; {@code any} when the fragment names none
     */
    public String type() {
      JsonNode t = jsonType.get("type");
      return t != null && t.isTextual() ? t.asText() : "any";
    }
  }

  /**
   * One concrete call of a ground truth.
   *
   * @param function the tool name
   * @param args the arguments, a JSON object
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Call(String function, ObjectNode args) {

    /**
     * Validates a call.
     *
     * @throws NullPointerException if a component is null
     */
    @JsonCreator
    public Call(@JsonProperty("function") String function, @JsonProperty("args") ObjectNode args) {
      this.function = Objects.requireNonNull(function, "function");
      this.args = Objects.requireNonNull(args, "args").deepCopy();
    }

    /**
     * Returns the arguments as a JSON object.
     *
     * @return a copy of the arguments
     */
    @Override
    public ObjectNode args() {
      return args.deepCopy();
    }

    /**
     * Returns the arguments as compact JSON, the text a model would emit.
     *
     * @return the JSON object text
     */
    public String argumentsJson() {
      return args.toString();
    }

    /**
     * Returns every string value in the arguments, in order (including strings inside arrays and
     * objects).
     *
     * @return the strings
     */
    public List<String> stringValues() {
      List<String> out = new java.util.ArrayList<>();
      collectStrings(args, out);
      return out;
    }
  }

  static void collectStrings(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isContainerNode()) {
      node.elements().forEachRemaining(n -> collectStrings(n, out));
    }
  }

  /**
   * One user task.
   *
   * @param id the task id
   * @param prompt the user's request, trusted
   * @param groundTruthCalls one valid call sequence that solves the task; non-empty
   * @param injectionVectorsSeen where an attacker's text can enter this task's tool outputs
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UserTask(String id, String prompt, List<Call> groundTruthCalls, List<String> injectionVectorsSeen) {

    /**
     * Validates a user task.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if there is no ground-truth call
     */
    @JsonCreator
    public UserTask(
        @JsonProperty("id") String id,
        @JsonProperty("prompt") String prompt,
        @JsonProperty("ground_truth_calls") List<Call> groundTruthCalls,
        @JsonProperty("injection_vectors_seen") List<String> injectionVectorsSeen) {
      this.id = Objects.requireNonNull(id, "id");
      this.prompt = Objects.requireNonNull(prompt, "prompt");
      this.groundTruthCalls = List.copyOf(Objects.requireNonNull(groundTruthCalls, "ground_truth_calls"));
      this.injectionVectorsSeen = List.copyOf(Objects.requireNonNull(injectionVectorsSeen, "injection_vectors_seen"));
      if (this.groundTruthCalls.isEmpty()) {
        throw new IllegalArgumentException("User task '" + SafeText.quote(id) + "' has no ground-truth calls");
      }
    }
  }

  /**
   * One injection task: the attacker's goal and the calls that reach it.
   *
   * @param id the task id
   * @param goal the attacker's instruction text
   * @param groundTruthCalls the calls that achieve the goal; non-empty
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InjectionTask(String id, String goal, List<Call> groundTruthCalls) {

    /**
     * Validates an injection task.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if there is no ground-truth call
     */
    @JsonCreator
    public InjectionTask(
        @JsonProperty("id") String id,
        @JsonProperty("goal") String goal,
        @JsonProperty("ground_truth_calls") List<Call> groundTruthCalls) {
      this.id = Objects.requireNonNull(id, "id");
      this.goal = Objects.requireNonNull(goal, "goal");
      this.groundTruthCalls = List.copyOf(Objects.requireNonNull(groundTruthCalls, "ground_truth_calls"));
      if (this.groundTruthCalls.isEmpty()) {
        throw new IllegalArgumentException("Injection task '" + SafeText.quote(id) + "' has no ground-truth calls");
      }
    }
  }

  /**
   * A place where an attacker's text can enter a tool output.
   *
   * @param id the vector id
   * @param description what the place is
   * @param defaultText the text found there when no attack runs; may be empty
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InjectionVector(String id, String description, String defaultText) {

    /**
     * Validates a vector.
     *
     * @throws NullPointerException if the id is null
     */
    @JsonCreator
    public InjectionVector(
        @JsonProperty("id") String id,
        @JsonProperty("description") String description,
        @JsonProperty("default") String defaultText) {
      this.id = Objects.requireNonNull(id, "id");
      this.description = description == null ? "" : description;
      this.defaultText = defaultText == null ? "" : defaultText;
    }
  }

  /**
   * Returns every string value found under the named top-level keys of {@link #environmentFacts()}.
   *
   * @param keys the keys; each must exist
   * @return the strings, in key order
   * @throws IllegalArgumentException if a key is missing
   */
  public List<String> factStrings(List<String> keys) {
    Map<String, JsonNode> picked = new LinkedHashMap<>();
    for (String k : keys) {
      JsonNode n = environmentFacts.get(k);
      if (n == null) {
        throw new IllegalArgumentException(
            "Suite '" + SafeText.quote(suite) + "' has no environment fact '" + SafeText.quote(k) + "'; known facts are "
                + iterable(environmentFacts.fieldNames()));
      }
      picked.put(k, n);
    }
    List<String> out = new java.util.ArrayList<>();
    picked.values().forEach(n -> collectStrings(n, out));
    return out;
  }

  /**
   * Returns every string value of {@link #attackerIdentifiers()}.
   *
   * @return the attacker's values
   */
  public List<String> attackerValues() {
    List<String> out = new java.util.ArrayList<>();
    collectStrings(attackerIdentifiers, out);
    return out;
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
