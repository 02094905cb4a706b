package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditFailureException;
import io.nhiguard.api.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JsonLinesAuditSinkTest {

  @TempDir Path dir;

  private static final List<String> HOSTILE =
      List.of(
          "a\nb",
          "a\r\nb",
          "x\u2028y",
          "x\u2029y",
          "nul\u0000here",
          "\u001b[2J\u001b[Hcleared",
          "fake\"}\n{\"sequence\":2,\"previousHash\":\"",
          "caf\u00e9 \ud83d\ude00 \u202eevil",
          "back\\slash");

  @Test
  void AC_70_controlCharactersInValuesStayOneRecordPerLineAndReadBackExactly() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.builder().sink(JsonLinesAuditSink.open(file, FsyncPolicy.EVERY_RECORD)).build()) {
      for (String value : HOSTILE) {
        log.append(
            AuditEvent.builder(AuditEvent.Type.DECISION, AuditFixtures.T0)
                .toolName(value)
                .arguments("{\"body\":\"" + value + "\"}")
                .errors(List.of(value))
                .ruleIds(List.of(value))
                .details(Map.of(value, value))
                .build());
      }
    }

    byte[] bytes = Files.readAllBytes(file);
    for (byte b : bytes) {
      assertThat(b >= 0x20 && b < 0x7f || b == '\n').as("byte %d is printable ASCII or a line feed", b).isTrue();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    assertThat(lines).hasSize(HOSTILE.size());
    assertThat(lines.get(4)).contains("\\u0000");
    assertThat(lines.get(5)).containsIgnoringCase("\\u001B[2J");
    assertThat(lines.get(2)).contains("\\u2028");

    List<AuditRecord> read = AuditLogReader.read(file);
    assertThat(read).hasSize(HOSTILE.size());
    for (int i = 0; i < HOSTILE.size(); i++) {
      assertThat(read.get(i).event().toolName()).isEqualTo(HOSTILE.get(i));
      assertThat(read.get(i).event().details()).containsEntry(HOSTILE.get(i), HOSTILE.get(i));
      assertThat(read.get(i).sequence()).isEqualTo(i + 1L);
    }
    assertThat(AuditVerifier.ofDefaults().verify(file).isOk()).isTrue();
    assertThat(AuditVerifier.ofDefaults().verify(read).isOk()).isTrue();
  }

  @Test
  void AC_70_slf4jLineIsTheSameEscapedSingleLine() {
    AuditRecord r = AuditFixtures.chain(1).get(0);
    AuditEvent hostile =
        AuditEvent.builder(AuditEvent.Type.DECISION, AuditFixtures.T0).toolName("a\nINFO fake entry\u2028").build();
    String line = AuditJson.line(new AuditRecord(1, hostile, r.previousHash(), r.hash(), "", ""));
    assertThat(line).doesNotContain("\n").doesNotContain("\u2028").contains("a\\nINFO fake entry\\u2028");
    Slf4jAuditSink.ofDefaults().write(r);
  }

  @Test
  void openWhenFileEndsWithTornLineThenRefuses() throws Exception {
    Path file = dir.resolve("torn.jsonl");
    Files.writeString(file, "{\"sequence\":1", StandardCharsets.US_ASCII);
    assertThatExceptionOfType(AuditFailureException.class)
        .isThrownBy(() -> JsonLinesAuditSink.open(file))
        .withMessageContaining("does not end with a line feed (a torn write)");
  }

  @Test
  void writeWhenClosedThenThrows() {
    JsonLinesAuditSink sink = JsonLinesAuditSink.open(dir.resolve("c.jsonl"), FsyncPolicy.NEVER);
    sink.close();
    sink.close();
    AuditRecord r = AuditFixtures.chain(1).get(0);
    assertThatExceptionOfType(AuditFailureException.class)
        .isThrownBy(() -> sink.write(r))
        .withMessageEndingWith("is closed; record 1 was not written; open a new sink");
  }

  @Test
  void readWhenLineHasUnknownFieldThenMalformed() throws Exception {
    Path file = dir.resolve("x.jsonl");
    String line = AuditJson.line(AuditFixtures.chain(1).get(0));
    Files.writeString(file, line.substring(0, line.length() - 1) + ",\"extra\":\"\"}\n", StandardCharsets.US_ASCII);
    assertThatExceptionOfType(MalformedAuditLogException.class)
        .isThrownBy(() -> AuditLogReader.read(file))
        .satisfies(e -> assertThat(e.lineNumber()).isEqualTo(1))
        .withMessageContaining("is not in canonical form");
  }

  @Test
  void readWhenDuplicateKeyThenMalformed() {
    String line = AuditJson.line(AuditFixtures.chain(1).get(0));
    String dup = "{\"sequence\":1," + line.substring(1);
    assertThatExceptionOfType(MalformedAuditLogException.class)
        .isThrownBy(() -> AuditJson.parseLine(dup))
        .withMessageContaining("is not strict JSON");
  }
}
