package io.nhiguard.examples.agentdojo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The replay's wall clock: it starts at a fixed instant and moves only when the replay moves it,
 * so a replay is reproducible (task deadlines, credential TTLs and approval windows all read it).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class ReplayClock extends Clock {

  private Instant now;

  /**
   * Creates a clock.
   *
   * @param start the first instant
   * @throws NullPointerException if {@code start} is null
   */
  public ReplayClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /**
   * Moves the clock forward.
   *
   * @param by how far; not negative
   * @throws IllegalArgumentException if {@code by} is negative
   */
  public synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("The replay clock only moves forward, but was asked to move by " + by);
    }
    now = now.plus(by);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("The replay clock is UTC only");
  }
}
