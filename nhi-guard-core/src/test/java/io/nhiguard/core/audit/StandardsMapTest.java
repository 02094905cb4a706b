package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class StandardsMapTest {

  /** The committed copy, relative to the nhi-guard-core module directory Surefire runs in. */
  private static final Path DOC = Path.of("..", "docs", "standards-map.md");

  @Test
  void markdownWhenGeneratedThenEqualsTheCommittedDocument() throws Exception {
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/standards-map.md is stale; regenerate it from StandardsMap.markdown()")
        .isEqualTo(StandardsMap.markdown());
  }

  @Test
  void markdownWhenGeneratedThenHasOneRowPerReasonCodeWithNamedEntries() {
    String md = StandardsMap.markdown();
    for (ReasonCode code : ReasonCode.values()) {
      assertThat(md).contains("| `" + code.name() + "` | " + code.description());
    }
    assertThat(md).contains("| `PERMITTED_BY_RULE` | A permit rule matched; least privilege by explicit grant | NHI5 Overprivileged NHI | "
        + "ASI02 Tool Misuse and Exploitation<br>ASI03 Identity and Privilege Abuse |");
    assertThat(md).contains("| NHI10 Human Use of NHI | `PERMITTED_BY_APPROVAL` |");
    assertThat(StandardsMap.OWASP_NHI).hasSize(10);
    assertThat(StandardsMap.OWASP_AGENTIC).hasSize(10);
  }
}
