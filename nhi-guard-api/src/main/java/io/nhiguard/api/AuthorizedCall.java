package io.nhiguard.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A call the guard has permitted, handed to the tool: the tool must run with exactly these
 * canonical arguments, and may use the leased credential until the call returns.
 *
 * <p>Instances are immutable and thread-safe; the credential is destroyed when the call returns.
 *
 * @param call the call
 * @param tool the catalogue entry
 * @param arguments the authorized canonical arguments
 * @param decision the permit
 * @param credential the credential leased for the call, or {@code null} when the tool needs none
 * @since 0.1.0
 */
public record AuthorizedCall(
    ToolCall call, ToolDescriptor tool, CanonicalArguments arguments, Decision.Permit decision, IssuedCredential credential) {
  /**
   * Validates an authorized call.
   *
   * @param call the {@code call} component
   * @param tool the {@code tool} component
   * @param arguments the {@code arguments} component
   * @param decision the {@code decision} component
   * @param credential the {@code credential} component
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if the permit is not bound to these arguments
   */
  public AuthorizedCall {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(decision, "decision");
    if (!decision.argumentDigest().equals(arguments.digest())) {
      throw new IllegalArgumentException(
          "The permit is bound to argument digest "
              + decision.argumentDigest()
              + " but the call carries "
              + arguments.digest()
              + "; the tool must run with the authorized arguments");
    }
  }

  /**
   * Returns the leased credential.
   *
   * @return the credential, empty when the tool needs none
   */
  public Optional<IssuedCredential> leasedCredential() {
    return Optional.ofNullable(credential);
  }
}
