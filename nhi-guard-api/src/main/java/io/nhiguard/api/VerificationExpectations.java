package io.nhiguard.api;

import java.util.Objects;

/**
 * What a verifier expects of a credential besides a valid signature and time window: the audience
 * it serves, and optionally the holder and task.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param audience the verifier's own audience; required
 * @param holder the expected holder, or {@code null} to accept any
 * @param taskId the expected task, or {@code null} to accept any
 * @since 0.1.0
 */
public record VerificationExpectations(String audience, AgentId holder, String taskId) {
  /**
   * Validates expectations.
   *
   * @param audience the {@code audience} component
   * @param holder the {@code holder} component
   * @param taskId the {@code taskId} component
   * @throws NullPointerException if {@code audience} is null
   */
  public VerificationExpectations {
    Objects.requireNonNull(audience, "audience");
  }

  /**
   * Expects only an audience.
   *
   * @param audience the audience
   * @return the expectations
   */
  public static VerificationExpectations audience(String audience) {
    return new VerificationExpectations(audience, null, null);
  }
}
