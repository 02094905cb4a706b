package io.nhiguard.core.policy;

import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.spi.RuleLanguage;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The Java fluent API as a {@link RuleLanguage}: the "source text" is the name of a policy
 * definition registered with this language, and compiling it runs the definition's {@link
 * PolicyBuilder}. Both this and {@link YamlPolicyLanguage} compile to {@link CompiledPolicy}.
 *
 * <p>Instances are immutable and thread-safe if the registered suppliers are.
 *
 * @since 0.1.0
 */
public final class JavaPolicyLanguage implements RuleLanguage {

  private final Map<String, Supplier<PolicyBuilder>> definitions;

  private JavaPolicyLanguage(Map<String, Supplier<PolicyBuilder>> definitions) {
    this.definitions = definitions;
  }

  /**
   * Creates the language over named policy definitions.
   *
   * @param definitions policy builders by definition name
   * @return the language
   * @throws NullPointerException if the map, a key or a value is null
   */
  public static JavaPolicyLanguage of(Map<String, Supplier<PolicyBuilder>> definitions) {
    return new JavaPolicyLanguage(Map.copyOf(Objects.requireNonNull(definitions, "definitions")));
  }

  @Override
  public String name() {
    return "nhi-guard-java";
  }

  @Override
  public CompiledPolicy compile(String sourceName, String text) {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(text, "text");
    Supplier<PolicyBuilder> definition = definitions.get(text.strip());
    if (definition == null) {
      throw new PolicyDefinitionException(sourceName, 0, 0, "no Java policy definition named '" + SafeText.quote(text)
          + "'; registered: " + new TreeSet<>(definitions.keySet()));
    }
    PolicyBuilder builder = definition.get();
    if (builder == null) {
      throw new PolicyDefinitionException(sourceName, 0, 0, "the Java policy definition '" + SafeText.quote(text)
          + "' returned no builder");
    }
    return builder.build();
  }
}
