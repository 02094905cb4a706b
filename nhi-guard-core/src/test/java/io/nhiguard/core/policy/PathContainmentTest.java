package io.nhiguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

final class PathContainmentTest {

  @Property(tries = 1000)
  void normalizeWhenPathStaysBelowRootThenAgreesWithJavaNio(@ForAll("paths") String path) {
    String ours = PathContainment.normalize(path);
    if (ours != null) {
      assertThat(ours).isEqualTo(Path.of(path).normalize().toString());
    } else {
      assertThat(path).contains("..");
    }
  }

  @Property(tries = 1000)
  void checkWhenWellFormedThenContainmentIsByComponentsAsInJavaNio(@ForAll("paths") String path,
      @ForAll("roots") String root) {
    String result = PathContainment.of(root).check(path);
    String normalized = PathContainment.normalize(path);
    if (normalized == null) {
      assertThat(result).isNotNull().isNotEmpty();
    } else {
      boolean inside = Path.of(normalized).startsWith(Path.of(root).normalize());
      assertThat(result == null).isEqualTo(inside);
    }
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("data", "data_evil", "secrets", "..", ".", "", "a", "data.bak")
        .list().ofMaxSize(6).map(parts -> "/" + String.join("/", parts));
  }

  @Provide
  Arbitrary<String> roots() {
    return Arbitraries.of(List.of("/data", "/data/secrets", "/", "/data/", "/data//a"));
  }
}
