package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.core.audit.VerificationResult.Failure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AuditVerifierTest {

  @TempDir Path dir;

  private static final AuditVerifier VERIFIER = AuditVerifier.ofDefaults();

  @Test
  void verifyWhenChainIntactThenOkWithHead() {
    List<AuditRecord> records = AuditFixtures.chain(10);
    VerificationResult result = VERIFIER.verify(records);
    assertThat(result.isOk()).isTrue();
    assertThat(result.recordsVerified()).isEqualTo(10);
    assertThat(result.head()).isEqualTo(AuditHead.of(records.get(9)));
    assertThat(records.get(0).previousHash()).isEqualTo(AuditJson.GENESIS_HASH);
    assertThat(records.get(1).previousHash()).isEqualTo(records.get(0).hash());
  }

  @Test
  void AC_72_flippedByteInRecord5IsDetectedAtRecord5() throws Exception {
    Path file = write(AuditFixtures.chain(10));
    byte[] bytes = Files.readAllBytes(file);
    int start = lineStart(bytes, 4);
    int at = indexOf(bytes, "bob@".getBytes(StandardCharsets.US_ASCII), start);
    bytes[at] = 'B';
    Files.write(file, bytes);

    VerificationResult result = VERIFIER.verify(file);

    assertThat(result.failure()).isEqualTo(Failure.HASH_MISMATCH);
    assertThat(result.firstBrokenSequence()).isEqualTo(5);
    assertThat(result.firstBrokenIndex()).isEqualTo(4);
    assertThat(result.head().sequence()).isEqualTo(4);
  }

  @Test
  void AC_72_changedEscapeThatKeepsTheValueIsStillDetected() throws Exception {
    List<AuditRecord> records = new ArrayList<>(AuditFixtures.chain(6));
    Path file = write(records);
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String[] lines = text.split("\n");
    // the same JSON value spelled differently: "/" escaped as "\/"
    lines[4] = lines[4].replaceFirst("spiffe:/", "spiffe:\\\\/");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);

    VerificationResult result = VERIFIER.verify(file);

    assertThat(result.failure()).isEqualTo(Failure.MALFORMED_LINE);
    assertThat(result.firstBrokenSequence()).isEqualTo(5);
  }

  @Test
  void AC_72_deletedRecord5IsDetectedAtRecord5() {
    List<AuditRecord> records = new ArrayList<>(AuditFixtures.chain(10));
    records.remove(4);

    VerificationResult result = VERIFIER.verify(records);

    assertThat(result.failure()).isEqualTo(Failure.SEQUENCE_GAP);
    assertThat(result.firstBrokenSequence()).isEqualTo(5);
    assertThat(result.firstBrokenIndex()).isEqualTo(4);
  }

  @Test
  void AC_72_swappedRecords5And6AreDetectedAtRecord5() {
    List<AuditRecord> records = new ArrayList<>(AuditFixtures.chain(10));
    Collections.swap(records, 4, 5);

    VerificationResult result = VERIFIER.verify(records);

    assertThat(result.failure()).isEqualTo(Failure.SEQUENCE_GAP);
    assertThat(result.firstBrokenSequence()).isEqualTo(5);
  }

  @Test
  void AC_72_swappedRecords4And5AreDetectedAtTheFirstOfThePair() {
    List<AuditRecord> records = new ArrayList<>(AuditFixtures.chain(10));
    Collections.swap(records, 3, 4);

    VerificationResult result = VERIFIER.verify(records);

    assertThat(result.failure()).isEqualTo(Failure.SEQUENCE_GAP);
    assertThat(result.firstBrokenSequence()).isEqualTo(4);
  }

  @Test
  void AC_72_recordForgedWithRecomputedHashBreaksTheNextLink() {
    List<AuditRecord> records = new ArrayList<>(AuditFixtures.chain(10));
    AuditRecord original = records.get(4);
    AuditEvent forgedEvent = AuditFixtures.decision(99);
    String hash = AuditJson.hash(5, forgedEvent, original.previousHash(), "");
    records.set(4, new AuditRecord(5, forgedEvent, original.previousHash(), hash, "", ""));

    VerificationResult result = VERIFIER.verify(records);

    assertThat(result.failure()).isEqualTo(Failure.BROKEN_LINK);
    assertThat(result.firstBrokenSequence()).isEqualTo(6);
  }

  @Test
  void AC_72_signedChainNamesAForgedRecordItself() {
    AuditSigningKey key = AuditSigningKey.generate("k1", new SecureRandom());
    AuditSigningKey attacker = AuditSigningKey.generate("k1", new SecureRandom());
    List<AuditRecord> records = new ArrayList<>(AuditFixtures.signedChain(10, key));
    AuditVerifier verifier = AuditVerifier.builder().trustKey("k1", key.publicKey()).requireSignatures().build();
    assertThat(verifier.verify(records).isOk()).isTrue();

    AuditRecord original = records.get(4);
    AuditEvent forgedEvent = AuditFixtures.decision(99);
    String hash = AuditJson.hash(5, forgedEvent, original.previousHash(), "k1");
    records.set(4, new AuditRecord(5, forgedEvent, original.previousHash(), hash, "k1", attacker.sign(hash)));

    VerificationResult result = verifier.verify(records);

    assertThat(result.failure()).isEqualTo(Failure.BAD_SIGNATURE);
    assertThat(result.firstBrokenSequence()).isEqualTo(5);
  }

  @Test
  void verifyWhenSignedByUnknownKeyThenBadSignature() {
    AuditSigningKey key = AuditSigningKey.generate("k1", new SecureRandom());
    VerificationResult result = VERIFIER.verify(AuditFixtures.signedChain(3, key));
    assertThat(result.failure()).isEqualTo(Failure.BAD_SIGNATURE);
    assertThat(result.firstBrokenSequence()).isEqualTo(1);
  }

  @Test
  void verifyWhenSignaturesRequiredAndRecordUnsignedThenBadSignature() {
    AuditSigningKey key = AuditSigningKey.generate("k1", new SecureRandom());
    AuditVerifier verifier = AuditVerifier.builder().trustKey("k1", key.publicKey()).requireSignatures().build();
    assertThat(verifier.verify(AuditFixtures.chain(3)).failure()).isEqualTo(Failure.BAD_SIGNATURE);
  }

  @Test
  void AC_72_tailTruncationIsDetectedOnlyAgainstAnAnchor() {
    List<AuditRecord> records = AuditFixtures.chain(10);
    AuditHead anchor = AuditHead.of(records.get(9));
    List<AuditRecord> truncated = records.subList(0, 7);

    assertThat(VERIFIER.verify(truncated).isOk()).isTrue();
    VerificationResult result = VERIFIER.verify(truncated, anchor);
    assertThat(result.failure()).isEqualTo(Failure.TRUNCATED);
    assertThat(result.firstBrokenSequence()).isEqualTo(8);
    assertThat(result.firstBrokenIndex()).isEqualTo(7);
    assertThat(VERIFIER.verify(records, anchor).isOk()).isTrue();
  }

  @Test
  void verifyWhenAnchorHashDiffersThenAnchorMismatch() {
    List<AuditRecord> records = AuditFixtures.chain(10);
    VerificationResult result = VERIFIER.verify(records, new AuditHead(6, "1".repeat(64)));
    assertThat(result.failure()).isEqualTo(Failure.ANCHOR_MISMATCH);
    assertThat(result.firstBrokenSequence()).isEqualTo(6);
  }

  @Test
  void AC_72_truncatedFileIsDetectedAgainstAnAnchor() throws Exception {
    List<AuditRecord> records = AuditFixtures.chain(10);
    Path file = write(records.subList(0, 9));
    VerificationResult result = VERIFIER.verify(file, AuditHead.of(records.get(9)));
    assertThat(result.failure()).isEqualTo(Failure.TRUNCATED);
    assertThat(result.firstBrokenSequence()).isEqualTo(10);
  }

  @Test
  void verifyWhenLastLineTornThenMalformedAtThatLine() throws Exception {
    Path file = write(AuditFixtures.chain(5));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    VerificationResult result = VERIFIER.verify(file);
    assertThat(result.failure()).isEqualTo(Failure.MALFORMED_LINE);
    assertThat(result.firstBrokenSequence()).isEqualTo(5);
  }

  @Test
  void verifyWhenResumedChainSegmentThenStartAfterHeadVerifies() {
    List<AuditRecord> records = AuditFixtures.chain(10);
    AuditVerifier segment = AuditVerifier.builder().startAfter(AuditHead.of(records.get(3))).build();
    assertThat(segment.verify(records.subList(4, 10)).isOk()).isTrue();
    assertThat(VERIFIER.verify(records.subList(4, 10)).failure()).isEqualTo(Failure.SEQUENCE_GAP);
  }

  @Test
  void hashFromCanonicalLineEqualsHashFromRecordEvenWhenValuesMimicTheHashField() {
    AuditEvent tricky =
        AuditEvent.builder(AuditEvent.Type.DECISION, AuditFixtures.T0)
            .toolName(",\"hash\":\"")
            .details(java.util.Map.of(",\"hash\":\"x", "\",\"signature\":\""))
            .build();
    AuditRecord r = new AuditRecord(1, tricky, AuditJson.GENESIS_HASH, AuditJson.hash(1, tricky, AuditJson.GENESIS_HASH, ""), "", "");
    String line = AuditJson.line(r);
    assertThat(AuditJson.parseLine(line)).isEqualTo(r);
    assertThat(AuditJson.expectedHashOfCanonicalLine(line)).isEqualTo(AuditJson.expectedHash(r)).isEqualTo(r.hash());
  }

  private Path write(List<AuditRecord> records) {
    Path file = dir.resolve("audit-" + System.nanoTime() + ".jsonl");
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file, FsyncPolicy.NEVER)) {
      records.forEach(sink::write);
    }
    return file;
  }

  static int lineStart(byte[] bytes, int lineIndex) {
    int line = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (line == lineIndex) {
        return i;
      }
      if (bytes[i] == '\n') {
        line++;
      }
    }
    throw new IllegalArgumentException("no line " + lineIndex);
  }

  static int indexOf(byte[] bytes, byte[] needle, int from) {
    outer:
    for (int i = from; i <= bytes.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }
}
