package io.nhiguard.core.audit;

/**
 * When {@link JsonLinesAuditSink} forces written records to the storage device ({@code
 * FileChannel.force}, fsync).
 *
 * <p>Every record is handed to the operating system as soon as it is written (there is no buffer
 * in the sink), so a crash of the JVM loses nothing that {@link AuditLog} has written. What the
 * policy decides is what survives a crash of the operating system or a power loss.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum FsyncPolicy {
  /**
   * Force after every record: nothing written is lost on power loss; costs one device flush per
   * record (typically 0.1-10 ms), so pair it with {@link AuditLog.Builder#synchronous()} only where
   * each decision must be durable before the call proceeds.
   */
  EVERY_RECORD,
  /**
   * Force when the sink is flushed ({@link AuditLog#flush()}, and on close): records written since
   * the last flush can be lost on power loss. The default; call {@code AuditLog.flush()} on a
   * schedule (for example every second) to bound the window.
   */
  ON_FLUSH,
  /**
   * Never force; leave it to the operating system's write-back (Linux: about 30 s by default).
   * <b>Records can be lost on power loss.</b> Only for tests and logs that are shipped elsewhere
   * synchronously.
   */
  NEVER
}
