package io.nhiguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AgentIdTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spiffe://example.org/agent/billing",
        "spiffe://example.org",
        "spiffe://prod.example-1.org/ns/team_a/agent/Bot.v2",
        "spiffe://a/b",
        "spiffe://td_1/x-y.z_w"
      })
  void ofWhenValidThenKeepsValueAndSplitsParts(String value) {
    AgentId id = AgentId.of(value);
    assertThat(id.value()).isEqualTo(value);
    assertThat("spiffe://" + id.trustDomain() + id.path()).isEqualTo(value);
  }

  @Test
  void agentWhenNameGivenThenUsesConventionalPath() {
    AgentId id = AgentId.agent("example.org", "billing");
    assertThat(id.value()).isEqualTo("spiffe://example.org/agent/billing");
    assertThat(id.trustDomain()).isEqualTo("example.org");
    assertThat(id.path()).isEqualTo("/agent/billing");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SPIFFE://example.org/agent",
        "https://example.org/agent",
        "spiffe:/example.org/agent",
        "spiffe:///agent",
        "spiffe://Example.org/agent",
        "spiffe://example.org:8443/agent",
        "spiffe://user@example.org/agent",
        "spiffe://example.org/agent/",
        "spiffe://example.org//agent",
        "spiffe://example.org/./agent",
        "spiffe://example.org/agent/..",
        "spiffe://example.org/agent?x=1",
        "spiffe://example.org/agent#frag",
        "spiffe://example.org/agent%2Fx",
        "spiffe://example.org/agent bot",
        "spiffe://example.org/ag\u0435nt",
        "spiffe://exa\u0000mple.org/agent",
        ""
      })
  void ofWhenInvalidThenRejectsWithExplanation(String value) {
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> AgentId.of(value))
        .withMessageStartingWith("Invalid SPIFFE ID '")
        .withMessageContaining("expected spiffe://<trust-domain>/<path>");
    assertThat(AgentId.isValid(value)).isFalse();
  }

  @Test
  void ofWhenLongerThan2048BytesThenRejects() {
    String value = "spiffe://example.org/" + "a".repeat(2048);
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> AgentId.of(value))
        .withMessageContaining("longer than 2048 bytes");
  }

  @Test
  void ofWhenNullThenNamesParameter() {
    assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> AgentId.of(null)).withMessage("value");
  }

  @Test
  void messageWhenControlCharactersThenEscapesThem() {
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> AgentId.of("spiffe://example.org/a\nb"))
        .withMessageContaining("a\\u000Ab")
        .withMessageNotContaining("\n");
  }

  @Property(tries = 200)
  void ofWhenSegmentsAreAlphanumericThenRoundTrips(
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String a,
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String b) {
    AgentId id = AgentId.of("spiffe://example.org/" + a + "/" + b);
    assertThat(id.path()).isEqualTo("/" + a + "/" + b);
    assertThat(AgentId.of(id.value())).isEqualTo(id);
  }
}
