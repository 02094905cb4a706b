package io.nhiguard.langchain4j;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.spi.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Keeps every audit record in memory. */
final class RecordingSink implements AuditSink {
  private final List<AuditRecord> records = new CopyOnWriteArrayList<>();

  @Override
  public void write(AuditRecord record) {
    records.add(record);
  }

  List<AuditEvent> events() {
    return records.stream().map(AuditRecord::event).collect(Collectors.toList());
  }
}
