package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.nhiguard.api.Obligations;
import io.nhiguard.core.ArgumentCanonicalizer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AuditNullContractTest {

  @Test
  void publicMethodsWhenGivenNullThenThrowNullPointerException() {
    AuditLog log = AuditLog.builder().sink(new InMemoryAuditSink()).build();
    try {
      assertThatNullPointerException().isThrownBy(() -> log.append(null)).withMessage("event");
      assertThatNullPointerException().isThrownBy(() -> log.appendAndWait(null)).withMessage("event");
      assertThatNullPointerException().isThrownBy(() -> log.newEvent(null)).withMessage("type");
    } finally {
      log.close();
    }
    assertThatNullPointerException().isThrownBy(() -> AuditLog.builder().clock(null)).withMessage("clock");
    assertThatNullPointerException().isThrownBy(() -> AuditLog.builder().signingKey(null)).withMessage("signingKey");
    assertThatNullPointerException().isThrownBy(() -> AuditLog.builder().overflowPolicy(null)).withMessage("overflowPolicy");
    assertThatNullPointerException().isThrownBy(() -> AuditLog.builder().resumeAfter(null)).withMessage("head");
    assertThatNullPointerException().isThrownBy(() -> AuditLog.builder().genesisHash(null)).withMessage("genesisHash");

    AuditVerifier verifier = AuditVerifier.ofDefaults();
    assertThatNullPointerException().isThrownBy(() -> verifier.verify((List<io.nhiguard.api.AuditRecord>) null)).withMessage("records");
    assertThatNullPointerException().isThrownBy(() -> verifier.verify((Path) null)).withMessage("file");
    assertThatNullPointerException().isThrownBy(() -> verifier.verify(List.of(), null)).withMessage("anchor");
    assertThatNullPointerException().isThrownBy(() -> AuditVerifier.builder().trustKey(null, new byte[32])).withMessage("keyId");
    assertThatNullPointerException().isThrownBy(() -> AuditVerifier.builder().startAfter(null)).withMessage("head");

    assertThatNullPointerException().isThrownBy(() -> AuditJson.line(null)).withMessage("record");
    assertThatNullPointerException().isThrownBy(() -> AuditJson.parseLine(null)).withMessage("line");
    assertThatNullPointerException().isThrownBy(() -> AuditJson.canonicalBytes(null)).withMessage("record");
    assertThatNullPointerException().isThrownBy(() -> AuditLogReader.read(null)).withMessage("file");
    assertThatNullPointerException().isThrownBy(() -> new AuditHead(0, null)).withMessage("hash");
    assertThatNullPointerException().isThrownBy(() -> AuditHead.of(null)).withMessage("record");

    assertThatNullPointerException().isThrownBy(() -> AuditSigningKey.generate("k", null)).withMessage("random");
    assertThatNullPointerException().isThrownBy(() -> AuditSigningKey.of("k", null)).withMessage("privateSeed");
    assertThatNullPointerException().isThrownBy(() -> AuditSigningKey.generate(null, new SecureRandom())).withMessage("keyId");
    assertThatNullPointerException().isThrownBy(() -> AuditSigningKey.of("k", new byte[32]).sign(null)).withMessage("hashHex");

    assertThatNullPointerException().isThrownBy(() -> new InMemoryAuditSink().write(null)).withMessage("record");
    assertThatNullPointerException().isThrownBy(() -> Slf4jAuditSink.ofDefaults().write(null)).withMessage("record");
    assertThatNullPointerException().isThrownBy(() -> Slf4jAuditSink.of(null)).withMessage("loggerName");
    assertThatNullPointerException().isThrownBy(() -> JsonLinesAuditSink.open(null)).withMessage("file");
    assertThatNullPointerException().isThrownBy(() -> JsonLinesAuditSink.open(Path.of("x"), null)).withMessage("fsync");

    var args = ArgumentCanonicalizer.parse("{}");
    assertThatNullPointerException().isThrownBy(() -> Redactor.redact(null, TestRequests.MAIL, Obligations.NONE)).withMessage("arguments");
    assertThatNullPointerException().isThrownBy(() -> Redactor.redact(args, null, Obligations.NONE)).withMessage("tool");
    assertThatNullPointerException().isThrownBy(() -> Redactor.redact(args, TestRequests.MAIL, null)).withMessage("obligations");
    assertThatNullPointerException().isThrownBy(() -> Redactor.looksLikeSecretKey(null)).withMessage("key");
    assertThatNullPointerException().isThrownBy(() -> Redactor.looksLikeSecretValue(null)).withMessage("value");
    assertThatNullPointerException().isThrownBy(() -> Redactor.containsRedaction(null)).withMessage("values");

    assertThatNullPointerException().isThrownBy(() -> RequestFacts.of(null)).withMessage("request");
    assertThatNullPointerException().isThrownBy(() -> RequestFacts.rebuild(null)).withMessage("event");
    assertThatNullPointerException().isThrownBy(() -> PolicyReplay.against(null)).withMessage("candidate");
    PolicyReplay replay = PolicyReplay.against(new FakePdp(java.util.Set.of(), "v"));
    assertThatNullPointerException().isThrownBy(() -> replay.replay((Path) null)).withMessage("file");
    assertThatNullPointerException().isThrownBy(() -> replay.replay((List<io.nhiguard.api.AuditRecord>) null)).withMessage("records");
    ReplayReport empty = new ReplayReport(0, 0, 0, List.of(), List.of());
    assertThatNullPointerException().isThrownBy(() -> empty.flipsOnly(null, "DENY")).withMessage("fromKind");
  }
}
