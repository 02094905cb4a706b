package io.nhiguard.api;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A secret credential value (a bearer token). It prints as {@code <redacted>}, is never part of an
 * exception message, log line or audit record, and can be destroyed, which zeroes its characters.
 *
 * <p>Thread-safe: {@link #reveal()} and {@link #destroy()} synchronize on the instance.
 *
 * @since 0.1.0
 */
public final class SecretToken implements Destroyable {

  private final char[] value;
  private boolean destroyed;

  /**
   * Wraps a secret; the array is copied.
   *
   * @param value the secret characters
   * @throws NullPointerException if {@code value} is null
   */
  public SecretToken(char[] value) {
    this.value = Objects.requireNonNull(value, "value").clone();
  }

  /**
   * Returns the secret as a string, to hand to the system that checks it. Call as late as
   * possible, and never log the result.
   *
   * @return the secret
   * @throws IllegalStateException if the secret was destroyed
   */
  public synchronized String reveal() {
    if (destroyed) {
      throw new IllegalStateException("The secret was destroyed when its lease ended; lease a new credential");
    }
    return new String(value);
  }

  /** Zeroes the secret. Idempotent. */
  @Override
  public synchronized void destroy() {
    Arrays.fill(value, '\0');
    destroyed = true;
  }

  @Override
  public synchronized boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Returns {@code <redacted>}; the secret never prints.
   *
   * @return {@code <redacted>}
   */
  @Override
  public final String toString() {
    return "<redacted>";
  }
}
