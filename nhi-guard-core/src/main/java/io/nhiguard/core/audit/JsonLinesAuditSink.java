package io.nhiguard.core.audit;

import io.nhiguard.api.AuditFailureException;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.spi.AuditSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Appends records to a JSON Lines file (RFC 8259 JSON, one object per line, line feed
 * terminated), opened append-only so earlier lines are never rewritten.
 *
 * <p>Each line is {@link AuditJson#line(AuditRecord)}: pure ASCII with every control character,
 * U+2028, U+2029 and every other non-ASCII character escaped as {@code &#92;uXXXX}, so no value can end
 * a line early and forge a second record (AC-70), and {@link AuditLogReader} reads back exactly the
 * original values.
 *
 * <p><b>Durability.</b> Each record is handed to the operating system by one {@code write} call as
 * it arrives (no buffering in the JVM). {@link FsyncPolicy} decides when the file is forced to the
 * device: {@link FsyncPolicy#EVERY_RECORD}, {@link FsyncPolicy#ON_FLUSH} (default) or {@link
 * FsyncPolicy#NEVER}.
 *
 * <p>Opening a non-empty file whose last byte is not a line feed fails (a torn write from a crash
 * must be looked at, not extended). To continue an existing chain, verify it with {@link
 * AuditVerifier#verify(Path)} and pass the head to {@link AuditLog.Builder#resumeAfter(AuditHead)}.
 *
 * <p>Thread-safe: writes, flushes and close are serialized on the instance. Use one sink (and one
 * process) per file.
 *
 * @since 0.1.0
 */
public final class JsonLinesAuditSink implements AuditSink {

  private final Path file;
  private final FsyncPolicy fsync;
  private final FileChannel channel;
  private boolean closed;

  private JsonLinesAuditSink(Path file, FsyncPolicy fsync, FileChannel channel) {
    this.file = file;
    this.fsync = fsync;
    this.channel = channel;
  }

  /**
   * Opens (or creates) a file with {@link FsyncPolicy#ON_FLUSH}.
   *
   * @param file the file
   * @return the sink
   * @throws AuditFailureException if the file cannot be opened or ends with a torn line
   * @throws NullPointerException if {@code file} is null
   */
  public static JsonLinesAuditSink open(Path file) {
    return open(file, FsyncPolicy.ON_FLUSH);
  }

  /**
   * Opens (or creates) a file for appending.
   *
   * @param file the file
   * @param fsync when to force records to the device
   * @return the sink
   * @throws AuditFailureException if the file cannot be opened or ends with a torn line
   * @throws NullPointerException if an argument is null
   */
  public static JsonLinesAuditSink open(Path file, FsyncPolicy fsync) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(fsync, "fsync");
    FileChannel channel = null;
    try {
      if (Files.exists(file)) {
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
          long size = reader.size();
          if (size > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            reader.read(last, size - 1);
            if (last.get(0) != '\n') {
              throw new AuditFailureException(
                  "Audit log " + SafeText.quote(file.toString())
                      + " does not end with a line feed (a torn write); inspect it with AuditVerifier before appending");
            }
          }
        }
      }
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      return new JsonLinesAuditSink(file, fsync, channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new AuditFailureException("Cannot open audit log " + SafeText.quote(file.toString()) + " for appending", e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        // the original failure is the one reported
      }
    }
  }

  /**
   * Returns the file.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /**
   * Appends one record as one line.
   *
   * @param record the record
   * @throws AuditFailureException if the write fails or the sink is closed
   * @throws NullPointerException if {@code record} is null
   */
  @Override
  public synchronized void write(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    ensureOpen(record.sequence());
    String line = AuditJson.line(record);
    ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (fsync == FsyncPolicy.EVERY_RECORD) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new AuditFailureException(
          "Cannot append audit record " + record.sequence() + " to " + SafeText.quote(file.toString())
              + "; check disk space and permissions",
          e);
    }
  }

  /**
   * Forces written records to the device unless the policy is {@link FsyncPolicy#NEVER}.
   *
   * @throws AuditFailureException if forcing fails or the sink is closed
   */
  @Override
  public synchronized void flush() {
    ensureOpen(-1);
    if (fsync != FsyncPolicy.NEVER) {
      try {
        channel.force(false);
      } catch (IOException e) {
        throw new AuditFailureException("Cannot fsync audit log " + SafeText.quote(file.toString()), e);
      }
    }
  }

  /**
   * Flushes (per policy) and closes the file. Idempotent.
   *
   * @throws AuditFailureException if the final flush or close fails
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      flush();
    } finally {
      closed = true;
      try {
        channel.close();
      } catch (IOException e) {
        throw new AuditFailureException("Cannot close audit log " + SafeText.quote(file.toString()), e);
      }
    }
  }

  private void ensureOpen(long sequence) {
    if (closed) {
      throw new AuditFailureException(
          "Audit log " + SafeText.quote(file.toString()) + " is closed"
              + (sequence > 0 ? "; record " + sequence + " was not written" : "")
              + "; open a new sink");
    }
  }
}
