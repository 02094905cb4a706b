package io.nhiguard.core.policy;

import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.spi.RuleLanguage;
import java.util.Objects;

/**
 * The built-in policy language: a YAML or JSON document (parsed with Jackson) holding a tool
 * catalogue and rules, compiled into a {@link CompiledPolicy}. The grammar is documented in the
 * package overview and in {@code docs/policy-language.md}.
 *
 * <p>Loading rejects, with {@code file:line:column}: malformed YAML/JSON, duplicate keys, unknown
 * fields, unknown tools and argument names, type mismatches between a condition and an
 * argument's declared type, malformed regular expressions, paths and URL allow-lists, empty
 * {@code when}/{@code anyOf}/{@code allOf} lists, and duplicate rule ids. A permit on a WRITE,
 * DELETE, SEND, PAYMENT or EXECUTE tool without a {@code credentialTtl} obligation is a warning
 * ({@link CompiledPolicy#warnings()}), or an error in {@link #strict()} mode.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class YamlPolicyLanguage implements RuleLanguage {

  private static final YamlPolicyLanguage DEFAULTS = new YamlPolicyLanguage(false);
  private static final YamlPolicyLanguage STRICT = new YamlPolicyLanguage(true);

  private final boolean strict;

  private YamlPolicyLanguage(boolean strict) {
    this.strict = strict;
  }

  /**
   * Returns the lenient language: findings such as a missing TTL cap are warnings.
   *
   * @return the language
   */
  public static YamlPolicyLanguage ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Returns the strict language: a permit on a mutating tool without a TTL cap is an error.
   *
   * @return the language
   */
  public static YamlPolicyLanguage strict() {
    return STRICT;
  }

  @Override
  public String name() {
    return "nhi-guard-yaml";
  }

  @Override
  public CompiledPolicy compile(String sourceName, String text) {
    Parsed parsed = parse(sourceName, text, strict);
    return CompiledPolicy.build(parsed.document, parsed.warnings);
  }

  /**
   * Parses a policy into its document without compiling it, for tools and printing.
   *
   * @param sourceName the file or resource name, used in error messages
   * @param text the YAML or JSON text
   * @return the document
   * @throws PolicyDefinitionException if the policy is invalid
   * @throws NullPointerException if an argument is null
   */
  public PolicyDocument parse(String sourceName, String text) {
    return parse(sourceName, text, strict).document;
  }

  static Parsed parse(String sourceName, String text, boolean strict) {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(text, "text");
    SourceNode root = SourceNode.read(sourceName, text);
    PolicyReader reader = new PolicyReader(strict);
    PolicyDocument document = reader.read(root);
    return new Parsed(document, reader.warnings);
  }

  static final class Parsed {
    final PolicyDocument document;
    final java.util.List<String> warnings;

    Parsed(PolicyDocument document, java.util.List<String> warnings) {
      this.document = document;
      this.warnings = java.util.List.copyOf(warnings);
    }
  }
}
