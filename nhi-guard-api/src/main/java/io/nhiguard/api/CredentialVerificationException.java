package io.nhiguard.api;

import java.util.Objects;

/**
 * A credential token failed verification. The message names the failure and never contains the
 * token.
 *
 * @since 0.1.0
 */
public class CredentialVerificationException extends CredentialUnavailableException {
  private static final long serialVersionUID = 1L;

  /** Why verification failed. */
  public enum Failure {
    /** Not a compact JWS of three base64url parts with JSON header and claims. */
    MALFORMED,
    /** The algorithm is not the expected one ({@code none}, HMAC, RSA...). */
    ALGORITHM_NOT_ALLOWED,
    /** The header embeds or points to a key ({@code jwk}, {@code jku}, {@code x5c}...). */
    EMBEDDED_KEY,
    /** No key with the header's {@code kid} is known. */
    UNKNOWN_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** A claim is missing or has the wrong type. */
    MALFORMED_CLAIMS,
    /** The current time is at or after {@code exp} (plus skew). */
    EXPIRED,
    /** The current time is before {@code nbf} (minus skew). */
    NOT_YET_VALID,
    /** The audience does not match. */
    WRONG_AUDIENCE,
    /** The holder does not match. */
    WRONG_HOLDER,
    /** The task does not match. */
    WRONG_TASK,
    /** The credential was revoked. */
    REVOKED
  }

  /** The failure. */
  private final Failure failure;

  /**
   * Creates the exception.
   *
   * @param failure the failure
   * @param message the message; never the token
   * @throws NullPointerException if {@code failure} or {@code message} is null
   */
  public CredentialVerificationException(Failure failure, String message) {
    super(Objects.requireNonNull(failure, "failure") + ": " + Objects.requireNonNull(message, "message"));
    this.failure = failure;
  }

  /**
   * Returns why verification failed.
   *
   * @return the failure
   */
  public Failure failure() {
    return failure;
  }
}
