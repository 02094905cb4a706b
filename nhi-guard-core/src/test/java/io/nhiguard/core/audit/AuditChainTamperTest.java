package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random tampering with random logs is detected at the first position where the log differs from
 * the original.
 */
final class AuditChainTamperTest {

  private static final AuditVerifier VERIFIER = AuditVerifier.ofDefaults();
  private static final AuditSigningKey KEY = AuditSigningKey.of("k1", new byte[32]);
  private static final AuditSigningKey ATTACKER = AuditSigningKey.generate("k1", new SecureRandom());
  private static final AuditVerifier SIGNED_VERIFIER =
      AuditVerifier.builder().trustKey("k1", KEY.publicKey()).requireSignatures().build();


  /** Chains are deterministic, so every shorter chain is a prefix of this one. */
  private static final List<AuditRecord> CHAIN = AuditFixtures.chain(41);
  private static final List<AuditRecord> SIGNED_CHAIN = AuditFixtures.signedChain(21, KEY);

  private static List<AuditRecord> chain(int size) {
    return CHAIN.subList(0, size);
  }

  private static long firstDifference(List<AuditRecord> original, List<AuditRecord> tampered) {
    int n = Math.min(original.size(), tampered.size());
    for (int i = 0; i < n; i++) {
      if (!original.get(i).equals(tampered.get(i))) {
        return i;
      }
    }
    return n;
  }

  @Property(tries = 1000)
  void singleByteChangeIsDetectedAtItsLine(
      @ForAll @IntRange(min = 1, max = 8) int size,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
      @ForAll @IntRange(min = 0, max = 255) int newByte) throws Exception {
    List<AuditRecord> records = chain(size);
    StringBuilder text = new StringBuilder();
    for (AuditRecord r : records) {
      text.append(AuditJson.line(r)).append('\n');
    }
    byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int at = position % bytes.length;
    Assume.that(bytes[at] != (byte) newByte);
    long expectedLine = 0;
    for (int i = 0; i < at; i++) {
      if (bytes[i] == '\n') {
        expectedLine++;
      }
    }
    bytes[at] = (byte) newByte;
    Path file = Files.createTempFile("audit-tamper", ".jsonl");
    try {
      Files.write(file, bytes);
      VerificationResult result = VERIFIER.verify(file);
      assertThat(result.isOk()).isFalse();
      assertThat(result.firstBrokenIndex()).isEqualTo(expectedLine);
      assertThat(result.firstBrokenSequence()).isEqualTo(expectedLine + 1);
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 1000)
  void deletionIsDetectedAtTheMissingRecord(
      @ForAll @IntRange(min = 1, max = 30) int size, @ForAll @IntRange(min = 0, max = 1_000_000) int r) {
    int index = r % size;
    List<AuditRecord> original = chain(size);
    List<AuditRecord> tampered = new ArrayList<>(original);
    tampered.remove(index);

    VerificationResult result = VERIFIER.verify(tampered, AuditHead.of(original.get(size - 1)));

    assertThat(result.isOk()).isFalse();
    assertThat(result.firstBrokenIndex()).isEqualTo(index).isEqualTo(firstDifference(original, tampered));
    assertThat(result.firstBrokenSequence()).isEqualTo(index + 1L);
    if (index < size - 1) {
      assertThat(VERIFIER.verify(tampered).firstBrokenIndex()).isEqualTo(index);
    }
  }

  @Property(tries = 1000)
  void swapIsDetectedAtTheFirstRecordOutOfPlace(
      @ForAll @IntRange(min = 2, max = 30) int size,
      @ForAll @IntRange(min = 0, max = 1_000_000) int r1,
      @ForAll @IntRange(min = 0, max = 1_000_000) int r2) {
    int i = r1 % size;
    int j = (i + 1 + r2 % (size - 1)) % size;
    List<AuditRecord> original = chain(size);
    List<AuditRecord> tampered = new ArrayList<>(original);
    Collections.swap(tampered, i, j);

    VerificationResult result = VERIFIER.verify(tampered);

    assertThat(result.isOk()).isFalse();
    assertThat(result.firstBrokenIndex()).isEqualTo(Math.min(i, j)).isEqualTo(firstDifference(original, tampered));
  }

  @Property(tries = 1000)
  void insertedCopyIsDetectedWhereTheLogFirstDiffers(
      @ForAll @IntRange(min = 1, max = 30) int size,
      @ForAll @IntRange(min = 0, max = 1_000_000) int r1,
      @ForAll @IntRange(min = 0, max = 1_000_000) int r2) {
    int at = r1 % (size + 1);
    int copyOf = r2 % size;
    List<AuditRecord> original = chain(size);
    List<AuditRecord> tampered = new ArrayList<>(original);
    tampered.add(at, original.get(copyOf));

    VerificationResult result = VERIFIER.verify(tampered);

    assertThat(result.isOk()).isFalse();
    assertThat(result.firstBrokenIndex()).isEqualTo(firstDifference(original, tampered));
  }

  @Property(tries = 300)
  void forgedInsertionIntoSignedLogIsDetectedAtItsOwnPosition(
      @ForAll @IntRange(min = 1, max = 20) int size, @ForAll @IntRange(min = 0, max = 1_000_000) int r) {
    int at = r % (size + 1);
    List<AuditRecord> original = SIGNED_CHAIN.subList(0, size);
    assertThat(SIGNED_VERIFIER.verify(original).isOk()).isTrue();
    String previous = at == 0 ? AuditJson.GENESIS_HASH : original.get(at - 1).hash();
    AuditEvent forged = AuditFixtures.decision(1000 + at);
    String hash = AuditJson.hash(at + 1L, forged, previous, "k1");
    List<AuditRecord> tampered = new ArrayList<>(original);
    tampered.add(at, new AuditRecord(at + 1L, forged, previous, hash, "k1", ATTACKER.sign(hash)));

    VerificationResult result = SIGNED_VERIFIER.verify(tampered);

    assertThat(result.failure()).isEqualTo(VerificationResult.Failure.BAD_SIGNATURE);
    assertThat(result.firstBrokenIndex()).isEqualTo(at);
  }

  @Property(tries = 200)
  void untouchedLogVerifies(@ForAll @IntRange(min = 0, max = 40) int size) {
    List<AuditRecord> records = chain(size);
    VerificationResult result = VERIFIER.verify(records, size == 0 ? AuditHead.EMPTY : AuditHead.of(records.get(size - 1)));
    assertThat(result.isOk()).isTrue();
    assertThat(result.recordsVerified()).isEqualTo(size);
  }
}
