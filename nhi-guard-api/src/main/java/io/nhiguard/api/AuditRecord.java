package io.nhiguard.api;

import java.util.Objects;

/**
 * One link of the tamper-evident audit chain: an event, its position, the SHA-256 of the previous
 * record's canonical bytes, its own hash, and optionally an Ed25519 signature over the hash.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param sequence the position in the chain, from 1
 * @param event the content
 * @param previousHash the previous record's hash (64 hex characters; the genesis value for the
 *     first record)
 * @param hash the SHA-256 of this record's canonical bytes (everything but hash and signature)
 * @param keyId the signing key id, or {@code ""} when unsigned
 * @param signature the base64url Ed25519 signature over the hash, or {@code ""}
 * @since 0.1.0
 */
public record AuditRecord(long sequence, AuditEvent event, String previousHash, String hash, String keyId, String signature) {
  /**
   * Validates a record.
   *
   * @param sequence the {@code sequence} component
   * @param event the {@code event} component
   * @param previousHash the {@code previousHash} component
   * @param hash the {@code hash} component
   * @param keyId the {@code keyId} component
   * @param signature the {@code signature} component
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if {@code sequence} is below 1
   */
  public AuditRecord {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, but was " + sequence);
    }
  }
}
