package io.nhiguard.core.credential;

import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Instant;
import java.util.function.Function;

/**
 * A Caffeine expiry that keeps each entry until a deadline carried by its value. The cache's ticker
 * reads the vault's clock as nanoseconds since the epoch, so the deadline is compared with the same
 * time the vault uses for token expiry.
 *
 * <p>Stateless apart from the deadline function; thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class UntilDeadline<K, V> implements Expiry<K, V> {

  private final Function<V, Instant> deadline;

  UntilDeadline(Function<V, Instant> deadline) {
    this.deadline = deadline;
  }

  /** Converts an instant to nanoseconds since the epoch, saturating at the range of a long. */
  static long epochNanos(Instant instant) {
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private long remaining(V value, long currentTime) {
    long end = epochNanos(deadline.apply(value));
    return end <= currentTime ? 0L : end - currentTime;
  }

  @Override
  public long expireAfterCreate(K key, V value, long currentTime) {
    return remaining(value, currentTime);
  }

  @Override
  public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
    return remaining(value, currentTime);
  }

  @Override
  public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
    return currentDuration;
  }
}
