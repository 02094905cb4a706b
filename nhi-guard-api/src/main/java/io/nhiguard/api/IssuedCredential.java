package io.nhiguard.api;

import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A leased credential with its secret token. Destroying it zeroes the token.
 *
 * <p>Thread-safe.
 *
 * @param lease the public facts
 * @param token the secret
 * @since 0.1.0
 */
public record IssuedCredential(CredentialLease lease, SecretToken token) implements Destroyable {
  /**
   * Validates a credential.
   *
   * @param lease the {@code lease} component
   * @param token the {@code token} component
   * @throws NullPointerException if a component is null
   */
  public IssuedCredential {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(token, "token");
  }

  @Override
  public void destroy() {
    token.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return token.isDestroyed();
  }
}
