package io.nhiguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ToolNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"send_email", "fs.read", "crm.contacts.list", "a", "get-balance-2"})
  void isWellFormedWhenCanonicalThenTrue(String name) {
    assertThat(ToolNames.isWellFormed(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "delete_file\n",
        "send_email ",
        "\tsend_email",
        "send_email\u00A0",
        "\u017Fend_email",
        "\uFF53\uFF45\uFF4E\uFF44\uFF3F\uFF45\uFF4D\uFF41\uFF49\uFF4C",
        "Send_Email",
        "send\u200Bemail",
        "send_email\u0000",
        "send_email\u0085",
        "_send",
        "1send",
        ""
      })
  void isWellFormedWhenNonCanonicalThenFalse(String name) {
    assertThat(ToolNames.isWellFormed(name)).isFalse();
    assertThat(ToolNames.problem(name)).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\uffff]");
  }

  @Property(tries = 1000)
  void isWellFormedWhenAnyNonAsciiCharacterThenFalse(@ForAll char c) {
    if (c < 0x80) {
      return;
    }
    assertThat(ToolNames.isWellFormed("send" + c + "email")).isFalse();
    assertThat(ToolNames.isWellFormed("send_email" + c)).isFalse();
  }
}
