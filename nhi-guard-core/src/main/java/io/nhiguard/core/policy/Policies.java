package io.nhiguard.core.policy;

import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads policies in the built-in YAML/JSON language from text, files and the classpath.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class Policies {

  private Policies() {}

  /**
   * Compiles a policy from YAML (or JSON) text.
   *
   * @param sourceName the name used in error messages
   * @param text the policy text
   * @return the compiled policy
   * @throws PolicyDefinitionException if the policy is invalid, with line and column
   * @throws NullPointerException if an argument is null
   */
  public static CompiledPolicy fromYaml(String sourceName, String text) {
    return YamlPolicyLanguage.ofDefaults().compile(sourceName, text);
  }

  /**
   * Compiles a policy from a file (UTF-8; JSON if the name ends in {@code .json}).
   *
   * @param path the file
   * @return the compiled policy
   * @throws PolicyDefinitionException if the file cannot be read or the policy is invalid
   * @throws NullPointerException if {@code path} is null
   */
  public static CompiledPolicy fromPath(Path path) {
    Objects.requireNonNull(path, "path");
    String name = path.toString();
    try {
      long size = Files.size(path);
      if (size > SourceNode.MAX_CHARS) {
        throw new PolicyDefinitionException(name, 0, 0, "the file is " + size + " bytes, above the limit of "
            + SourceNode.MAX_CHARS);
      }
      return fromYaml(name, Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PolicyDefinitionException(name, 0, 0, "cannot read the policy file: " + SafeText.quote(e.getMessage()));
    }
  }

  /**
   * Compiles a policy from a classpath resource, looked up through this library's class loader
   * and then the thread's context class loader.
   *
   * @param resource the resource name, for example {@code policies/banking.yaml}
   * @return the compiled policy
   * @throws PolicyDefinitionException if the resource is missing or the policy is invalid
   * @throws NullPointerException if {@code resource} is null
   */
  public static CompiledPolicy fromClasspath(String resource) {
    Objects.requireNonNull(resource, "resource");
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    InputStream in = Policies.class.getClassLoader().getResourceAsStream(name);
    if (in == null && Thread.currentThread().getContextClassLoader() != null) {
      in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
    }
    if (in == null) {
      throw new PolicyDefinitionException("classpath:" + name, 0, 0, "no such classpath resource");
    }
    try (InputStream stream = in) {
      byte[] bytes = stream.readNBytes(SourceNode.MAX_CHARS + 1);
      if (bytes.length > SourceNode.MAX_CHARS) {
        throw new PolicyDefinitionException("classpath:" + name, 0, 0, "the resource is above the limit of "
            + SourceNode.MAX_CHARS + " bytes");
      }
      return fromYaml("classpath:" + name, new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PolicyDefinitionException("classpath:" + name, 0, 0, "cannot read: " + SafeText.quote(e.getMessage()));
    }
  }
}
