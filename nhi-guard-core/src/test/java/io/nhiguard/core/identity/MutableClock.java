package io.nhiguard.core.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock advanced by hand; thread-safe. */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  private MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /**
   * Creates a clock at an instant.
   *
   * @param start the initial instant
   * @return the clock
   */
  public static MutableClock at(Instant start) {
    return new MutableClock(start);
  }

  /**
   * Creates a clock at 2026-01-01T00:00:00Z.
   *
   * @return the clock
   */
  public static MutableClock start() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Moves the clock forward.
   *
   * @param amount how far
   * @return the new instant
   */
  public Instant advance(Duration amount) {
    return now.updateAndGet(t -> t.plus(amount));
  }

  /**
   * Sets the clock.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
