package io.nhiguard.api;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The trusted statement of what a task is for, given by the application (never by the model):
 * the purpose, the user's request, named parameters (for example the allowed recipients), a
 * spending cap, a data-sensitivity ceiling and the user's own data that counts as trusted context
 * for provenance.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param purpose what the task is for; non-blank
 * @param userRequest the user's request text, trusted context; may be empty
 * @param parameters named trusted parameters, each a list of values; for example {@code
 *     recipients -> [alice@example.com]}
 * @param spendingCap the most the task may spend in total, in the account's currency units; {@code
 *     null} for no cap beyond policy; not negative
 * @param sensitivityCeiling the most sensitive data the task may read
 * @param trustedData the user's own data as text (profile, contacts, own files), trusted context
 * @since 0.1.0
 */
public record TaskIntent(
    String purpose,
    String userRequest,
    Map<String, List<String>> parameters,
    BigDecimal spendingCap,
    DataSensitivity sensitivityCeiling,
    List<String> trustedData) {

  /**
   * Validates an intent.
   *
   * @param purpose the {@code purpose} component
   * @param userRequest the {@code userRequest} component
   * @param parameters the {@code parameters} component
   * @param spendingCap the {@code spendingCap} component
   * @param sensitivityCeiling the {@code sensitivityCeiling} component
   * @param trustedData the {@code trustedData} component
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if the purpose is blank or the cap negative
   */
  public TaskIntent {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(userRequest, "userRequest");
    Objects.requireNonNull(sensitivityCeiling, "sensitivityCeiling");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(parameters, "parameters").forEach((k, v) -> copy.put(k, List.copyOf(v)));
    parameters = Map.copyOf(copy);
    trustedData = List.copyOf(Objects.requireNonNull(trustedData, "trustedData"));
    if (purpose.isBlank()) {
      throw new IllegalArgumentException("Task purpose must not be blank");
    }
    if (spendingCap != null && spendingCap.signum() < 0) {
      throw new IllegalArgumentException("spendingCap must not be negative, but was " + spendingCap.toPlainString());
    }
  }

  /**
   * Starts a builder.
   *
   * @param purpose the purpose
   * @return a builder
   * @throws NullPointerException if {@code purpose} is null
   */
  public static Builder builder(String purpose) {
    return new Builder(Objects.requireNonNull(purpose, "purpose"));
  }

  /**
   * Returns the values of one parameter.
   *
   * @param name the parameter name
   * @return the values, empty when absent
   * @throws NullPointerException if {@code name} is null
   */
  public List<String> parameter(String name) {
    return parameters.getOrDefault(Objects.requireNonNull(name, "name"), List.of());
  }

  /**
   * Builds {@link TaskIntent} values. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String purpose;
    private String userRequest = "";
    private final Map<String, List<String>> parameters = new LinkedHashMap<>();
    private BigDecimal spendingCap;
    private DataSensitivity sensitivityCeiling = DataSensitivity.CONFIDENTIAL;
    private List<String> trustedData = List.of();

    private Builder(String purpose) {
      this.purpose = purpose;
    }

    /**
     * Sets the user's request text.
     *
     * @param value the text
     * @return this builder
     */
    public Builder userRequest(String value) {
      this.userRequest = Objects.requireNonNull(value, "userRequest");
      return this;
    }

    /**
     * Sets one named parameter.
     *
     * @param name the name
     * @param values the values
     * @return this builder
     */
    public Builder parameter(String name, List<String> values) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(values, "values");
      if (parameters.containsKey(name)) {
        throw new IllegalStateException("Intent parameter '" + SafeText.quote(name) + "' is already set");
      }
      parameters.put(name, List.copyOf(values));
      return this;
    }

    /**
     * Sets the spending cap.
     *
     * @param value the cap, not negative
     * @return this builder
     */
    public Builder spendingCap(BigDecimal value) {
      this.spendingCap = Objects.requireNonNull(value, "spendingCap");
      return this;
    }

    /**
     * Sets the data-sensitivity ceiling (default {@link DataSensitivity#CONFIDENTIAL}).
     *
     * @param value the ceiling
     * @return this builder
     */
    public Builder sensitivityCeiling(DataSensitivity value) {
      this.sensitivityCeiling = Objects.requireNonNull(value, "sensitivityCeiling");
      return this;
    }

    /**
     * Sets the user's own data that counts as trusted context.
     *
     * @param value the texts
     * @return this builder
     */
    public Builder trustedData(List<String> value) {
      this.trustedData = Objects.requireNonNull(value, "trustedData");
      return this;
    }

    /**
     * Builds the intent.
     *
     * @return the intent
     * @throws IllegalArgumentException if the values are invalid
     */
    public TaskIntent build() {
      return new TaskIntent(purpose, userRequest, parameters, spendingCap, sensitivityCeiling, trustedData);
    }
  }
}
