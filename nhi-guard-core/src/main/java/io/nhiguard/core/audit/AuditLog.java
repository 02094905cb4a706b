package io.nhiguard.core.audit;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.spi.AuditSink;
import java.util.ArrayList;
import java.util.List;

/** Provisional synchronous audit log; replaced by the chained asynchronous log. */
public final class AuditLog implements AutoCloseable {
  private final List<AuditSink> sinks;
  private long sequence;
  private String head = "0".repeat(64);

  private AuditLog(List<AuditSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Appends an event.
   *
   * @param event the event
   * @return the record
   */
  public synchronized AuditRecord append(AuditEvent event) {
    sequence++;
    String hash = CanonicalArguments.sha256Hex(head + sequence + event);
    AuditRecord r = new AuditRecord(sequence, event, head, hash, "", "");
    head = hash;
    for (AuditSink s : sinks) {
      s.write(r);
    }
    return r;
  }

  /** Flushes. */
  public void flush() {
    sinks.forEach(AuditSink::flush);
  }

  @Override
  public void close() {
    sinks.forEach(AuditSink::close);
  }

  /** Builder. */
  public static final class Builder {
    private final List<AuditSink> sinks = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a sink.
     *
     * @param sink the sink
     * @return this
     */
    public Builder sink(AuditSink sink) {
      sinks.add(sink);
      return this;
    }

    /**
     * Builds.
     *
     * @return the log
     */
    public AuditLog build() {
      return new AuditLog(sinks);
    }
  }
}
