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
  void markdownWhenGeneratedThenEqualsTheReadmeSection() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    String start = "<!-- standards-map:start -->\n";
    String end = "<!-- standards-map:end -->";
    int from = readme.indexOf(start);
    int to = readme.indexOf(end);
    assertThat(from).as("README.md has a standards-map section").isNotNegative();
    assertThat(readme.substring(from + start.length(), to))
        .as("the README's standards map is stale; paste StandardsMap.markdown() between the markers")
        .isEqualTo(StandardsMap.markdown().endsWith("\n") ? StandardsMap.markdown() : StandardsMap.markdown() + "\n");
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
