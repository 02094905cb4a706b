package io.nhiguard.examples.agentdojo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nhiguard.api.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the replay must know about one application besides its policy: facts about the deployment,
 * never about attacks. It is a small YAML file next to the policy, for example:
 *
 * <pre>{@code
 * suite: banking
 * agent: banking-assistant        # spiffe://<trustDomain>/agent/<agent>
 * owner: emma.johnson             # the human accountable for the agent; approves escalations
 * userData: [own_iban, user, files, known_ibans]
 * injectionVectors:               # which tool's output carries each place third parties write
 *   injection_bill_text: read_file
 * }</pre>
 *
 * <p>{@code userData} names the {@code environment_facts} entries that are the user's own data
 * (trusted context, as an application would load it from its own database); facts about the
 * world outside (web pages that exist, notes of the extraction) are not listed. {@code
 * injectionVectors} says through which tool's output each injection vector of the suite reaches
 * the agent; those tools' outputs are untrusted, and the policy must mark them so.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param suite the suite name the config belongs to; must equal the suite file's
 * @param trustDomain the SPIFFE trust domain of the agent, for example {@code demo.nhiguard.io}
 * @param agent the agent's name within the trust domain, in {@code [a-z0-9-]{1,63}}
 * @param owner the id of the agent's human owner; non-blank
 * @param userData the {@code environment_facts} keys that are the user's own data
 * @param injectionVectors injection vector id to the name of the tool whose output carries it
 * @since 0.1.0
 */
public record ReplayConfig(
    String suite, String trustDomain, String agent, String owner, List<String> userData, Map<String, String> injectionVectors) {

  private static final ObjectMapper YAML =
      YAMLMapper.builder(new YAMLFactory())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * Validates a config.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a name is blank or malformed
   */
  @JsonCreator
  public ReplayConfig(
      @JsonProperty("suite") String suite,
      @JsonProperty("trustDomain") String trustDomain,
      @JsonProperty("agent") String agent,
      @JsonProperty("owner") String owner,
      @JsonProperty("userData") List<String> userData,
      @JsonProperty("injectionVectors") Map<String, String> injectionVectors) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
    this.agent = Objects.requireNonNull(agent, "agent");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.userData = List.copyOf(Objects.requireNonNull(userData, "userData"));
    this.injectionVectors = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(injectionVectors, "injectionVectors")));
    if (!agent.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("agent '" + SafeText.quote(agent) + "' must match [a-z0-9][a-z0-9-]{0,62}");
    }
    if (owner.isBlank() || suite.isBlank() || trustDomain.isBlank()) {
      throw new IllegalArgumentException("suite, trustDomain and owner must not be blank");
    }
  }

  /**
   * Reads a config from YAML, strictly (no duplicate or unknown keys).
   *
   * @param in the YAML bytes; not closed
   * @return the config
   * @throws IOException if the stream cannot be read or is not YAML
   * @throws IllegalArgumentException if the values are invalid
   * @throws NullPointerException if {@code in} is null
   */
  public static ReplayConfig read(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    try {
      return YAML.readValue(in, ReplayConfig.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException("Not a valid replay config: " + cause.getMessage(), e);
    }
  }

  /**
   * Checks the config against a suite: same suite name, every vector the suite's user tasks see
   * is mapped to a tool of the catalogue, every mapped vector exists, every user-data key exists.
   *
   * @param s the suite
   * @throws IllegalArgumentException naming the first mismatch
   * @throws NullPointerException if {@code s} is null
   */
  public void checkAgainst(Suite s) {
    Objects.requireNonNull(s, "suite");
    if (!suite.equals(s.suite())) {
      throw new IllegalArgumentException(
          "Replay config is for suite '" + SafeText.quote(suite) + "', but the suite file is '" + SafeText.quote(s.suite()) + "'");
    }
    s.factStrings(userData);
    for (Map.Entry<String, String> e : injectionVectors.entrySet()) {
      if (s.vector(e.getKey()).isEmpty()) {
        throw new IllegalArgumentException("Replay config maps injection vector '" + SafeText.quote(e.getKey()) + "', which suite '"
            + SafeText.quote(s.suite()) + "' does not define");
      }
      if (s.tool(e.getValue()).isEmpty()) {
        throw new IllegalArgumentException("Replay config maps injection vector '" + SafeText.quote(e.getKey()) + "' to tool '"
            + SafeText.quote(e.getValue()) + "', which is not in the suite's catalogue");
      }
    }
    Set<String> missing = new TreeSet<>();
    for (Suite.UserTask u : s.userTasks()) {
      for (String v : u.injectionVectorsSeen()) {
        if (!injectionVectors.containsKey(v)) {
          missing.add(v);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Replay config does not say which tool carries injection vector(s) " + missing + " of suite '" + SafeText.quote(s.suite())
              + "'; add them under injectionVectors");
    }
  }

  /**
   * Returns the tools whose outputs carry an injection vector.
   *
   * @return the tool names, sorted
   */
  public Set<String> untrustedTools() {
    return new TreeSet<>(injectionVectors.values());
  }
}
