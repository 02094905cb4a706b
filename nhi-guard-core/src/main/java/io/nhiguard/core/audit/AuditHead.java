package io.nhiguard.core.audit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The head of an audit chain: the sequence number and hash of its last record. Published to a
 * separate write-once store (an anchor), it lets {@link AuditVerifier#verify(java.util.List,
 * AuditHead)} detect a log whose tail was cut off; handed to {@link AuditLog.Builder#resumeAfter}
 * it continues a chain across restarts.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param sequence the last record's sequence number; 0 for an empty chain
 * @param hash the last record's hash (64 lowercase hexadecimal characters); {@link
 *     AuditJson#GENESIS_HASH} (or a custom genesis) for an empty chain
 * @since 0.1.0
 */
public record AuditHead(long sequence, String hash) {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** The head of an empty chain with the default genesis hash. */
  public static final AuditHead EMPTY = new AuditHead(0, AuditJson.GENESIS_HASH);

  /**
   * Validates a head.
   *
   * @param sequence the last record's sequence number; 0 for an empty chain
   * @param hash the last record's hash (64 lowercase hexadecimal characters); {@link AuditJson#GENESIS_HASH} (or a custom genesis) for an empty chain
   * @throws NullPointerException if {@code hash} is null
   * @throws IllegalArgumentException if {@code sequence} is negative or {@code hash} is not 64
   *     lowercase hexadecimal characters
   */
  public AuditHead {
    Objects.requireNonNull(hash, "hash");
    if (sequence < 0) {
      throw new IllegalArgumentException("Audit head sequence must not be negative, but was " + sequence);
    }
    if (!HEX64.matcher(hash).matches()) {
      throw new IllegalArgumentException(
          "Audit head hash must be 64 lowercase hexadecimal characters, but was '"
              + io.nhiguard.api.SafeText.quote(hash)
              + "'");
    }
  }

  /**
   * Returns the head formed by a record.
   *
   * @param record the record
   * @return its sequence and hash
   * @throws NullPointerException if {@code record} is null
   * @throws IllegalArgumentException if the record's hash is not well-formed
   */
  public static AuditHead of(io.nhiguard.api.AuditRecord record) {
    Objects.requireNonNull(record, "record");
    return new AuditHead(record.sequence(), record.hash());
  }
}
