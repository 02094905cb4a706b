package io.nhiguard.api.spi;

import io.nhiguard.api.AuditFailureException;
import io.nhiguard.api.AuditRecord;

/**
 * Stores chained audit records: in memory, in a JSON Lines file, through SLF4J, or in a backend.
 *
 * <p>The guard calls {@link #write(AuditRecord)} in sequence order from one writer at a time.
 * Implementations must be thread-safe for concurrent reads and must throw, never swallow, when a
 * record cannot be stored: the guard then fails closed.
 *
 * @since 0.1.0
 */
public interface AuditSink extends AutoCloseable {

  /**
   * Stores one record.
   *
   * @param record the record
   * @throws AuditFailureException if the record could not be stored
   * @throws NullPointerException if {@code record} is null
   */
  void write(AuditRecord record);

  /**
   * Makes every stored record durable as far as the sink can (for a file: flush and fsync).
   *
   * @throws AuditFailureException if that fails
   */
  default void flush() {}

  /**
   * Flushes and releases resources.
   *
   * @throws AuditFailureException if the final flush fails
   */
  @Override
  default void close() {
    flush();
  }
}
