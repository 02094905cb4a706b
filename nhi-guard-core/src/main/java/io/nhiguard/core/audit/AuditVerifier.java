package io.nhiguard.core.audit;

import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.SafeText;
import io.nhiguard.core.audit.VerificationResult.Failure;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies an audit chain: each record's hash against its canonical bytes, each link against the
 * previous record's hash, consecutive sequence numbers, and signatures. It names the first broken
 * record for a changed byte and for a deleted, inserted or reordered record.
 *
 * <p><b>Tail truncation.</b> A chain whose last records were removed is still a valid chain. Only
 * a head published elsewhere (an anchor) reveals it: {@link #verify(List, AuditHead)} fails with
 * {@link Failure#TRUNCATED} when the log ends before the anchored sequence, and with {@link
 * Failure#ANCHOR_MISMATCH} when the record at that sequence has another hash. See the package
 * documentation for how to anchor.
 *
 * <p><b>Forgery.</b> Without signatures, someone who can rewrite the whole file can recompute every
 * hash after the point of change; only an anchor or a signature (with the private key held
 * elsewhere) reveals that. With {@link Builder#requireSignatures()} and trusted keys, an inserted
 * or rewritten record fails with {@link Failure#BAD_SIGNATURE} at its own position.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AuditVerifier {

  private final AuditHead start;
  private final Map<String, byte[]> trustedKeys;
  private final boolean requireSignatures;

  private AuditVerifier(Builder b) {
    this.start = b.start;
    this.trustedKeys = Map.copyOf(b.trustedKeys);
    this.requireSignatures = b.requireSignatures;
  }

  /**
   * Returns a verifier for chains that start at sequence 1 after {@link AuditJson#GENESIS_HASH},
   * with no trusted keys: signed records fail with {@link Failure#BAD_SIGNATURE} (unknown key), so
   * use {@link #builder()} to verify signed logs.
   *
   * @return the verifier
   */
  public static AuditVerifier ofDefaults() {
    return builder().build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies records in order.
   *
   * @param records the records, first to last
   * @return the result
   * @throws NullPointerException if {@code records} is null
   */
  public VerificationResult verify(List<AuditRecord> records) {
    Objects.requireNonNull(records, "records");
    Chain chain = new Chain();
    for (AuditRecord r : records) {
      VerificationResult broken = chain.accept(Objects.requireNonNull(r, "record"), AuditJson.expectedHash(r));
      if (broken != null) {
        return broken;
      }
    }
    return chain.intact();
  }

  /**
   * Verifies records in order and checks the chain reaches an anchored head.
   *
   * @param records the records, first to last
   * @param anchor the head published earlier; the log must contain it
   * @return the result
   * @throws NullPointerException if an argument is null
   */
  public VerificationResult verify(List<AuditRecord> records, AuditHead anchor) {
    Objects.requireNonNull(anchor, "anchor");
    Chain chain = new Chain();
    chain.anchor = anchor;
    for (AuditRecord r : records) {
      VerificationResult broken = chain.accept(Objects.requireNonNull(r, "record"), AuditJson.expectedHash(r));
      if (broken != null) {
        return broken;
      }
    }
    return chain.finish();
  }

  /**
   * Verifies a JSON Lines file, streaming; a line that is not a canonical record fails with {@link
   * Failure#MALFORMED_LINE} at its position.
   *
   * @param file the file
   * @return the result
   * @throws java.io.UncheckedIOException if the file cannot be read
   * @throws NullPointerException if {@code file} is null
   */
  public VerificationResult verify(Path file) {
    return verifyFile(file, null);
  }

  /**
   * Verifies a JSON Lines file and checks it reaches an anchored head.
   *
   * @param file the file
   * @param anchor the head published earlier
   * @return the result
   * @throws java.io.UncheckedIOException if the file cannot be read
   * @throws NullPointerException if an argument is null
   */
  public VerificationResult verify(Path file, AuditHead anchor) {
    return verifyFile(file, Objects.requireNonNull(anchor, "anchor"));
  }

  private VerificationResult verifyFile(Path file, AuditHead anchor) {
    Objects.requireNonNull(file, "file");
    Chain chain = new Chain();
    chain.anchor = anchor;
    VerificationResult[] broken = new VerificationResult[1];
    try {
      AuditLogReader.forEachLine(
          file,
          (lineNumber, line) -> {
            AuditRecord record;
            try {
              record = AuditJson.parseLine(line, lineNumber);
            } catch (MalformedAuditLogException e) {
              broken[0] = chain.fail(Failure.MALFORMED_LINE, e.getMessage());
              return false;
            }
            broken[0] = chain.accept(record, AuditJson.expectedHashOfCanonicalLine(line));
            return broken[0] == null;
          });
    } catch (MalformedAuditLogException e) {
      return chain.fail(Failure.MALFORMED_LINE, e.getMessage());
    }
    if (broken[0] != null) {
      return broken[0];
    }
    return anchor == null ? chain.intact() : chain.finish();
  }

  /** Incremental verification state; one per call. */
  private final class Chain {
    private long index;
    private long expectedSequence = start.sequence() + 1;
    private String previousHash = start.hash();
    private AuditHead anchor;
    private boolean anchorSeen;

    VerificationResult accept(AuditRecord r, String expected) {
      if (!expected.equals(r.hash())) {
        return fail(Failure.HASH_MISMATCH, "the record content does not match its hash");
      }
      if (r.sequence() != expectedSequence) {
        return fail(
            Failure.SEQUENCE_GAP,
            String.format(Locale.ROOT, "sequence %d found where %d was expected (a record was deleted, inserted or moved)",
                r.sequence(), expectedSequence));
      }
      if (!r.previousHash().equals(previousHash)) {
        return fail(Failure.BROKEN_LINK, "previousHash is not the hash of the record before it");
      }
      if (!r.keyId().isEmpty() || !r.signature().isEmpty()) {
        byte[] key = trustedKeys.get(r.keyId());
        if (key == null) {
          return fail(Failure.BAD_SIGNATURE, "signed with key id '" + SafeText.quote(r.keyId()) + "', which is not trusted");
        }
        if (!AuditSigningKey.verify(key, r.hash(), r.signature())) {
          return fail(Failure.BAD_SIGNATURE, "the Ed25519 signature does not verify with key id '" + SafeText.quote(r.keyId()) + "'");
        }
      } else if (requireSignatures) {
        return fail(Failure.BAD_SIGNATURE, "the record is unsigned but signatures are required");
      }
      if (anchor != null && r.sequence() == anchor.sequence()) {
        if (!r.hash().equals(anchor.hash())) {
          return fail(Failure.ANCHOR_MISMATCH, "the record at the anchored sequence has another hash than the anchor");
        }
        anchorSeen = true;
      }
      previousHash = r.hash();
      expectedSequence++;
      index++;
      return null;
    }

    VerificationResult fail(Failure failure, String what) {
      String message =
          String.format(Locale.ROOT, "Audit chain broken at position %d (sequence %d expected): %s (%s)",
              index, expectedSequence, what, failure);
      return new VerificationResult(failure, index, expectedSequence, message, index, head());
    }

    VerificationResult intact() {
      return VerificationResult.intact(index, head());
    }

    VerificationResult finish() {
      if (anchor.sequence() <= start.sequence()) {
        if (anchor.sequence() == start.sequence() && !anchor.hash().equals(start.hash())) {
          return fail(Failure.ANCHOR_MISMATCH, "the anchor does not match the start of the chain");
        }
        return intact();
      }
      if (!anchorSeen) {
        return fail(
            Failure.TRUNCATED,
            "the log ends at sequence " + (expectedSequence - 1) + " before the anchored head " + anchor.sequence()
                + " (its tail was removed)");
      }
      return intact();
    }

    private AuditHead head() {
      return new AuditHead(expectedSequence - 1, previousHash);
    }
  }

  /**
   * Builds {@link AuditVerifier}s. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private AuditHead start = AuditHead.EMPTY;
    private boolean startSet;
    private final Map<String, byte[]> trustedKeys = new HashMap<>();
    private boolean requireSignatures;

    private Builder() {}

    /**
     * Verifies a chain segment that continues after a known head (default: sequence 0 and {@link
     * AuditJson#GENESIS_HASH}, a chain from its start). Use the genesis hash configured on {@link
     * AuditLog.Builder#genesisHash(String)} as {@code new AuditHead(0, genesis)}.
     *
     * @param head the head the first record must follow
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code head} is null
     */
    public Builder startAfter(AuditHead head) {
      if (startSet) {
        throw new IllegalStateException("startAfter is already set");
      }
      this.start = Objects.requireNonNull(head, "head");
      this.startSet = true;
      return this;
    }

    /**
     * Trusts an Ed25519 public key for records carrying its key id.
     *
     * @param keyId the key id
     * @param publicKey the 32-byte raw public key (see {@link AuditSigningKey#publicKey()}); copied
     * @return this builder
     * @throws IllegalStateException if the key id is already trusted
     * @throws IllegalArgumentException if the key is not 32 bytes
     * @throws NullPointerException if an argument is null
     */
    public Builder trustKey(String keyId, byte[] publicKey) {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(publicKey, "publicKey");
      if (publicKey.length != 32) {
        throw new IllegalArgumentException("An Ed25519 public key has 32 bytes, but was " + publicKey.length + " bytes");
      }
      if (trustedKeys.containsKey(keyId)) {
        throw new IllegalStateException("Key id '" + SafeText.quote(keyId) + "' is already trusted");
      }
      trustedKeys.put(keyId, publicKey.clone());
      return this;
    }

    /**
     * Requires every record to be signed by a trusted key (default: unsigned records pass, signed
     * ones must verify).
     *
     * @return this builder
     */
    public Builder requireSignatures() {
      this.requireSignatures = true;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws IllegalStateException if signatures are required but no key is trusted
     */
    public AuditVerifier build() {
      if (requireSignatures && trustedKeys.isEmpty()) {
        throw new IllegalStateException("requireSignatures() needs at least one trustKey(..)");
      }
      return new AuditVerifier(this);
    }
  }
}
