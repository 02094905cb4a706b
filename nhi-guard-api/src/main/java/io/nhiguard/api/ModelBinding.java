package io.nhiguard.api;

import java.util.Objects;

/**
 * The model an agent identity is bound to. A change of binding re-evaluates standing grants,
 * because a different model is a different actor.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param provider the model provider, for example {@code openai}; non-blank
 * @param model the model name, for example {@code gpt-4o}; non-blank
 * @param version the model version or snapshot; non-blank ({@code "unspecified"} when unknown)
 * @since 0.1.0
 */
public record ModelBinding(String provider, String model, String version) {

  /** The binding of an identity whose model is not declared. */
  public static final ModelBinding UNSPECIFIED = new ModelBinding("unspecified", "unspecified", "unspecified");

  /**
   * Validates a binding.
   *
   * @param provider the {@code provider} component
   * @param model the {@code model} component
   * @param version the {@code version} component
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank
   */
  public ModelBinding {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    if (provider.isBlank() || model.isBlank() || version.isBlank()) {
      throw new IllegalArgumentException(
          "ModelBinding parts must not be blank, but were provider='"
              + SafeText.quote(provider)
              + "', model='"
              + SafeText.quote(model)
              + "', version='"
              + SafeText.quote(version)
              + "'");
    }
  }

  /**
   * Creates a binding.
   *
   * @param provider the provider
   * @param model the model
   * @param version the version
   * @return the binding
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank
   */
  public static ModelBinding of(String provider, String model, String version) {
    return new ModelBinding(provider, model, version);
  }
}
