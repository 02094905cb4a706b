package io.nhiguard.core.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every row of the adversarial-case table has at least one test method named by its id somewhere
 * in the repository's test sources, and a line in docs/adversarial-cases.md.
 */
final class AdversarialCoverageTest {

  /** The ids of cases/adversarial.md, in table order. */
  static final List<String> IDS =
      List.of(
          "01", "04", "06", "07", "09", "12", "13", "17", "19", "21", "24", "29", "31", "32", "36", "39", "41", "46", "47",
          "48", "50", "52", "53", "54", "56", "59", "60", "63", "64", "69", "70", "71", "72", "73");

  private static final Pattern TEST_METHOD = Pattern.compile("void\\s+AC_(\\d{2})_[A-Za-z0-9_]+\\s*\\(");

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("nhi-guard-core")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + here);
  }

  private static Set<String> idsWithTests() throws IOException {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(repositoryRoot())) {
      List<Path> tests =
          files.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> p.toString().replace('\\', '/').contains("/src/test/java/"))
              .filter(p -> !p.toString().replace('\\', '/').contains("/target/"))
              .collect(Collectors.toList());
      for (Path test : tests) {
        Matcher m = TEST_METHOD.matcher(read(test));
        while (m.find()) {
          found.add(m.group(1));
        }
      }
    }
    return found;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyAdversarialIdHasATestMethodNamedByIt() throws IOException {
    assertThat(IDS).hasSize(34).doesNotHaveDuplicates();
    assertThat(idsWithTests()).containsAll(IDS);
  }

  @Test
  void everyAdversarialIdIsListedInTheCoverageDocument() {
    String doc = read(repositoryRoot().resolve("docs/adversarial-cases.md"));
    for (String id : IDS) {
      assertThat(doc).as("docs/adversarial-cases.md lists AC-%s", id).containsPattern("\\| AC-" + id + " \\|");
    }
  }
}
