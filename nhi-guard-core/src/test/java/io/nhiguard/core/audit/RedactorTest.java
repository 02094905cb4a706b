package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.Obligations;
import io.nhiguard.core.ArgumentCanonicalizer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class RedactorTest {

  @Test
  void redactWhenNothingSecretThenReturnsTheCanonicalJsonItself() {
    CanonicalArguments args = ArgumentCanonicalizer.parse("{\"to\":\"a@b.example\",\"body\":\"hi\",\"n\":1.50}");
    assertThat(Redactor.redact(args, TestRequests.MAIL, Obligations.NONE)).isSameAs(args.canonicalJson());
  }

  @Test
  void redactWhenSecretRoleThenWholeValueIsReplaced() {
    CanonicalArguments args = ArgumentCanonicalizer.parse("{\"user\":\"svc\",\"password\":\"hunter2\"}");
    String out = Redactor.redact(args, TestRequests.LOGIN, Obligations.NONE);
    assertThat(out).isEqualTo("{\"password\":\"<redacted>\",\"user\":\"svc\"}").doesNotContain("hunter2");
  }

  @Test
  void redactWhenObligationNamesArgumentThenReplaced() {
    CanonicalArguments args = ArgumentCanonicalizer.parse("{\"to\":\"a@b.example\",\"body\":{\"x\":[1,2]}}");
    String out = Redactor.redact(args, TestRequests.MAIL, new Obligations(null, Set.of("body"), null));
    assertThat(out).isEqualTo("{\"body\":\"<redacted>\",\"to\":\"a@b.example\"}");
  }

  @Test
  void redactWhenNestedKeyLooksSecretThenReplacedAtAnyDepth() {
    CanonicalArguments args =
        ArgumentCanonicalizer.of(Map.of("headers", Map.of("Authorization", "x", "Accept", "json"),
            "config", List.of(Map.of("API_KEY", "k", "name", "n")), "Client-Secret", new BigDecimal("7")));
    String out = Redactor.redact(args, TestRequests.MAIL, Obligations.NONE);
    assertThat(out).isEqualTo(
        "{\"Client-Secret\":\"<redacted>\",\"config\":[{\"API_KEY\":\"<redacted>\",\"name\":\"n\"}],"
            + "\"headers\":{\"Accept\":\"json\",\"Authorization\":\"<redacted>\"}}");
  }

  @Test
  void redactWhenValueLooksLikeASecretThenReplaced() {
    List<String> secrets =
        List.of(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n-----END OPENSSH PRIVATE KEY-----",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig",
            "use Bearer abcdefgh12345678 please",
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_" + "a".repeat(36),
            "xoxb-1234567890-abcdef",
            "sk_live_" + "a".repeat(24),
            "sk-" + "A".repeat(40),
            "AIza" + "b".repeat(35));
    for (String secret : secrets) {
      CanonicalArguments args = ArgumentCanonicalizer.of(Map.of("body", secret, "list", List.of("ok", secret)));
      assertThat(Redactor.redact(args, TestRequests.MAIL, Obligations.NONE))
          .as(secret)
          .isEqualTo("{\"body\":\"<redacted>\",\"list\":[\"ok\",\"<redacted>\"]}");
    }
  }

  @Test
  void redactWhenToolUnknownThenObligationsAndPatternsStillApply() {
    CanonicalArguments args = ArgumentCanonicalizer.parse("{\"a\":\"x\",\"b\":\"y\",\"token\":\"t\"}");
    assertThat(Redactor.redact(args, new Obligations(null, Set.of("a"), null)))
        .isEqualTo("{\"a\":\"<redacted>\",\"b\":\"y\",\"token\":\"<redacted>\"}");
  }

  @Test
  void looksLikeSecretKeyWhenOrdinaryNamesThenFalse() {
    assertThat(Redactor.looksLikeSecretKey("to")).isFalse();
    assertThat(Redactor.looksLikeSecretKey("amount")).isFalse();
    assertThat(Redactor.looksLikeSecretKey("private_key")).isTrue();
    assertThat(Redactor.looksLikeSecretKey("PassWord")).isTrue();
  }

  @Test
  void containsRedactionWhenMarkerNestedThenTrue() {
    assertThat(Redactor.containsRedaction(Map.of("a", List.of(Map.of("b", Redactor.MARKER))))).isTrue();
    assertThat(Redactor.containsRedaction(Map.of("a", List.of("x")))).isFalse();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "https://user:hunter2@api.example.com/",
        "https://api.example.com/v1?api_key=hunter2",
        "https://api.example.com/v1?q=1&access_token=hunter2",
        "https://api.example.com/v1?X-Amz-Signature=hunter2"
      })
  void redactWhenUrlCarriesACredentialThenValueIsRedacted(String url) {
    io.nhiguard.api.CanonicalArguments args = io.nhiguard.core.ArgumentCanonicalizer.of(java.util.Map.of("url", url));
    String recorded = Redactor.redact(args, io.nhiguard.api.Obligations.NONE);
    org.assertj.core.api.Assertions.assertThat(recorded).doesNotContain("hunter2").contains(Redactor.MARKER);
  }

  @org.junit.jupiter.api.Test
  void redactWhenUrlCarriesNoCredentialThenKeepsIt() {
    io.nhiguard.api.CanonicalArguments args =
        io.nhiguard.core.ArgumentCanonicalizer.of(java.util.Map.of("url", "https://api.example.com/v1?q=weather&page=2", "pwd", "x"));
    org.assertj.core.api.Assertions.assertThat(Redactor.redact(args, io.nhiguard.api.Obligations.NONE))
        .contains("https://api.example.com/v1?q=weather&page=2")
        .doesNotContain("\"pwd\":\"x\"");
  }
}
