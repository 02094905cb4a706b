package io.nhiguard.core.policy;

import io.nhiguard.api.SafeText;
import io.nhiguard.api.ToolDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The source form of a policy, whatever language it was written in: an id, a version label, the
 * tool catalogue and the rules. Compile it with {@link CompiledPolicy#compile(PolicyDocument)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the policy id, non-blank
 * @param version the author's version label, may be empty (the compiled policy also has a digest)
 * @param tools the tool catalogue by tool name
 * @param rules the rules, in no meaningful order
 * @since 0.1.0
 */
public record PolicyDocument(String id, String version, Map<String, ToolDescriptor> tools, List<Rule> rules) {

  /**
   * Validates a document.
   *
   * @param id the {@code id} component
   * @param version the {@code version} component
   * @param tools the {@code tools} component
   * @param rules the {@code rules} component
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the id is blank, a catalogue key differs from its tool's
   *     name, or two rules share an id
   */
  public PolicyDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    tools = Map.copyOf(Objects.requireNonNull(tools, "tools"));
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    if (id.isBlank()) {
      throw new IllegalArgumentException("policy id must not be blank");
    }
    tools.forEach((name, tool) -> {
      if (!name.equals(tool.name())) {
        throw new IllegalArgumentException(
            "catalogue key '" + SafeText.quote(name) + "' differs from its tool name '" + tool.name() + "'");
      }
    });
    Set<String> ids = new HashSet<>();
    for (Rule r : rules) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("duplicate rule id '" + r.id() + "'; rule ids must be unique");
      }
    }
  }
}
