package io.nhiguard.api;

/**
 * What a tool does to the world, the action dimension of an authorization request.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ActionKind {
  /** Returns data; changes nothing. */
  READ,
  /** Changes the user's own state. */
  WRITE,
  /** Removes data. */
  DELETE,
  /** Passes content or access to another party. */
  SEND,
  /** Moves money or commits to a purchase or booking. */
  PAYMENT,
  /** Runs code or commands. */
  EXECUTE;

  /**
   * Returns whether this kind changes anything outside the agent's context.
   *
   * @return false only for {@link #READ}
   */
  public boolean isMutating() {
    return this != READ;
  }
}
