package io.nhiguard.core.audit;

import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a JSON Lines audit log written by {@link JsonLinesAuditSink} back into records, strictly:
 * lines end with a line feed (a last line without one is a torn write), and each line must be the
 * canonical serialization of its record (see {@link AuditJson}). Reading does not check the chain;
 * {@link AuditVerifier} does.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class AuditLogReader {

  /** The longest line accepted, in bytes: 16 MiB. */
  public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private AuditLogReader() {}

  /**
   * Reads every record of a file into memory.
   *
   * @param file the JSON Lines file
   * @return the records in file order
   * @throws MalformedAuditLogException if a line is not a canonical record line
   * @throws UncheckedIOException if the file cannot be read
   * @throws NullPointerException if {@code file} is null
   */
  public static List<AuditRecord> read(Path file) {
    List<AuditRecord> out = new ArrayList<>();
    forEach(file, out::add);
    return out;
  }

  /**
   * Streams the records of a file, in file order, without holding them all in memory.
   *
   * @param file the JSON Lines file
   * @param consumer receives each record
   * @throws MalformedAuditLogException if a line is not a canonical record line (records before
   *     it have been delivered)
   * @throws UncheckedIOException if the file cannot be read
   * @throws NullPointerException if an argument is null
   */
  public static void forEach(Path file, Consumer<AuditRecord> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    forEachLine(
        file,
        (lineNumber, line) -> {
          consumer.accept(AuditJson.parseLine(line, lineNumber));
          return true;
        });
  }

  /** Receives one raw line. */
  interface LineConsumer {
    /**
     * Takes a line.
     *
     * @param lineNumber 1-based
     * @param line the line without its line feed, bytes mapped one to one to characters
     * @return false to stop reading
     */
    boolean accept(long lineNumber, String line);
  }

  /**
   * Reads raw lines. Bytes are mapped one to one to characters (ISO 8859-1), so a non-ASCII byte
   * survives into the line and fails the canonical comparison instead of being replaced.
   *
   * @throws MalformedAuditLogException for a too-long line or a last line without a line feed
   */
  static void forEachLine(Path file, LineConsumer consumer) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      byte[] line = new byte[1024];
      int lineLength = 0;
      long lineNumber = 0;
      int read;
      while ((read = in.read(buffer)) > 0) {
        int from = 0;
        for (int i = 0; i < read; i++) {
          if (buffer[i] != '\n') {
            continue;
          }
          int chunk = i - from;
          line = ensureCapacity(line, lineLength, chunk, lineNumber);
          System.arraycopy(buffer, from, line, lineLength, chunk);
          lineLength += chunk;
          lineNumber++;
          if (!consumer.accept(lineNumber, new String(line, 0, lineLength, StandardCharsets.ISO_8859_1))) {
            return;
          }
          lineLength = 0;
          from = i + 1;
        }
        int rest = read - from;
        line = ensureCapacity(line, lineLength, rest, lineNumber);
        System.arraycopy(buffer, from, line, lineLength, rest);
        lineLength += rest;
      }
      if (lineLength > 0) {
        throw new MalformedAuditLogException(
            lineNumber + 1,
            "Audit log line " + (lineNumber + 1) + " of " + SafeText.quote(file.toString())
                + " does not end with a line feed (a torn or edited write); truncate the file after line "
                + lineNumber + " only after preserving a copy for investigation");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read audit log " + SafeText.quote(file.toString()), e);
    }
  }

  private static byte[] ensureCapacity(byte[] line, int length, int more, long lineNumber) {
    if ((long) length + more > MAX_LINE_BYTES) {
      throw new MalformedAuditLogException(
          lineNumber + 1,
          "Audit log line " + (lineNumber + 1) + " is longer than " + MAX_LINE_BYTES
              + " bytes; the log was damaged or is not an audit log");
    }
    if (length + more <= line.length) {
      return line;
    }
    return Arrays.copyOf(line, Math.max(length + more, Math.min(MAX_LINE_BYTES, line.length * 2)));
  }
}
