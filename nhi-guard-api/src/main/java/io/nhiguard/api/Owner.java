package io.nhiguard.api;

import java.util.Objects;

/**
 * The named human accountable for a non-human identity: who answers for what the agent does,
 * re-certifies it, and approves its escalated actions by default (OWASP NHI1, Improper
 * Offboarding).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id a stable principal id of the human, for example an e-mail address or directory id;
 *     non-blank
 * @param displayName the human-readable name; non-blank
 * @since 0.1.0
 */
public record Owner(String id, String displayName) {

  /**
   * Validates an owner.
   *
   * @param id the {@code id} component
   * @param displayName the {@code displayName} component
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank
   */
  public Owner {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    if (id.isBlank()) {
      throw new IllegalArgumentException("Owner id must not be blank; name the accountable human");
    }
    if (displayName.isBlank()) {
      throw new IllegalArgumentException(
          "Owner displayName must not be blank for owner '" + SafeText.quote(id) + "'");
    }
  }

  /**
   * Creates an owner.
   *
   * @param id the principal id
   * @param displayName the display name
   * @return the owner
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank
   */
  public static Owner of(String id, String displayName) {
    return new Owner(id, displayName);
  }
}
