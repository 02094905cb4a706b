package io.nhiguard.core.audit;

import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.spi.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps records in memory, for tests, replay and short-lived processes. Nothing is durable.
 *
 * <p>Thread-safe: writes and snapshots are serialized on the instance.
 *
 * @since 0.1.0
 */
public final class InMemoryAuditSink implements AuditSink {

  private final List<AuditRecord> records = new ArrayList<>();

  /** Creates an empty sink. */
  public InMemoryAuditSink() {}

  /**
   * Stores a record.
   *
   * @param record the record
   * @throws NullPointerException if {@code record} is null
   */
  @Override
  public synchronized void write(AuditRecord record) {
    records.add(Objects.requireNonNull(record, "record"));
  }

  /**
   * Returns a snapshot of the records stored so far, in write order.
   *
   * @return an immutable list
   */
  public synchronized List<AuditRecord> records() {
    return List.copyOf(records);
  }

  /**
   * Returns how many records are stored.
   *
   * @return the count
   */
  public synchronized int size() {
    return records.size();
  }
}
