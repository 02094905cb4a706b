package io.nhiguard.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The verified claims of a credential token (RFC 7519 registered claims plus RFC 8693 {@code act}
 * and nhi-guard's task and argument-digest claims).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param issuer {@code iss}
 * @param subject {@code sub}, the holder's SPIFFE ID
 * @param audience {@code aud}
 * @param scope {@code scope}
 * @param issuedAt {@code iat}
 * @param notBefore {@code nbf}
 * @param expiresAt {@code exp}
 * @param tokenId {@code jti}, the lease id
 * @param actors the {@code act} chain, root first
 * @param taskId the task claim
 * @param argumentDigest the argument-digest claim, or {@code ""}
 * @param keyId the {@code kid} of the signing key
 * @since 0.1.0
 */
public record CredentialClaims(
    String issuer,
    AgentId subject,
    String audience,
    Set<String> scope,
    Instant issuedAt,
    Instant notBefore,
    Instant expiresAt,
    String tokenId,
    List<AgentId> actors,
    String taskId,
    String argumentDigest,
    String keyId) {
  /**
   * Validates claims.
   *
   * @param issuer the {@code issuer} component
   * @param subject the {@code subject} component
   * @param audience the {@code audience} component
   * @param scope the {@code scope} component
   * @param issuedAt the {@code issuedAt} component
   * @param notBefore the {@code notBefore} component
   * @param expiresAt the {@code expiresAt} component
   * @param tokenId the {@code tokenId} component
   * @param actors the {@code actors} component
   * @param taskId the {@code taskId} component
   * @param argumentDigest the {@code argumentDigest} component
   * @param keyId the {@code keyId} component
   * @throws NullPointerException if any component is null
   */
  public CredentialClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(audience, "audience");
    scope = Set.copyOf(Objects.requireNonNull(scope, "scope"));
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(tokenId, "tokenId");
    actors = List.copyOf(Objects.requireNonNull(actors, "actors"));
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(argumentDigest, "argumentDigest");
    Objects.requireNonNull(keyId, "keyId");
  }
}
