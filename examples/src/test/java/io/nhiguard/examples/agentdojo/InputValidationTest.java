package io.nhiguard.examples.agentdojo;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.core.policy.YamlPolicyLanguage;
import io.nhiguard.examples.AgentDojoDemo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Suite files, replay configs and policies that do not fit are refused with the reason. */
final class InputValidationTest {

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String bundledText(String path) throws IOException {
    try (InputStream in = InputValidationTest.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readWhenSchemaIsAnotherThenRefused() throws IOException {
    String text = bundledText("agentdojo/banking.json").replace("\"agentdojo-extract/1\"", "\"agentdojo-extract/2\"");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> Suite.read(bytes(text)))
        .withMessageContaining("Suite schema is 'agentdojo-extract/2', but this replay reads 'agentdojo-extract/1'");
  }

  @Test
  void readWhenKeyDuplicatedThenRefused() throws IOException {
    String text = bundledText("agentdojo/banking.json").replaceFirst("\\{", "{\"suite\": \"other\",");
    assertThatExceptionOfType(JsonProcessingException.class).isThrownBy(() -> Suite.read(bytes(text)))
        .withMessageContaining("Duplicate field 'suite'");
  }

  @Test
  void readWhenCallNamesUnknownToolThenRefused() throws IOException {
    String text = bundledText("agentdojo/banking.json").replace("\"function\": \"get_most_recent_transactions\"", "\"function\": \"wire_all\"");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> Suite.read(bytes(text)))
        .withMessageContaining("calls 'wire_all', which is not in the suite's tool catalogue");
  }

  @Test
  void configWhenVectorUnmappedThenRefused() throws IOException {
    Suite suite = AgentDojoDemo.bundled("banking").suite();
    String text = bundledText("agentdojo/banking.replay.yaml").replace("  injection_address_change: read_file\n", "");
    ReplayConfig config = ReplayConfig.read(bytes(text));
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> config.checkAgainst(suite))
        .withMessage("Replay config does not say which tool carries injection vector(s) [injection_address_change] of suite"
            + " 'banking'; add them under injectionVectors");
  }

  @Test
  void configWhenUnknownKeyThenRefused() {
    assertThatExceptionOfType(JsonProcessingException.class)
        .isThrownBy(() -> ReplayConfig.read(bytes("suite: banking\ntrustDomain: d.io\nagent: a\nowner: o\nuserData: []\n"
            + "injectionVectors: {}\ntrusted_tools: [read_file]\n")))
        .withMessageContaining("trusted_tools");
  }

  @Test
  void replayWhenPolicyTrustsAVectorCarryingToolThenRefused() throws IOException {
    AgentDojoDemo.Input in = AgentDojoDemo.bundled("banking");
    String policyText = bundledText("agentdojo/banking.policy.yaml").replaceFirst("    output: untrusted\n", "    output: trusted\n");
    PolicyDecisionPoint trusting = YamlPolicyLanguage.ofDefaults().compile("trusting.yaml", policyText);
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> new SuiteReplay(in.suite(), in.config(), trusting))
        .withMessage("Policy 'agentdojo-banking-assistant' marks the output of 'get_most_recent_transactions' as trusted, but that"
            + " output carries an injection vector of suite 'banking'; mark it 'output: untrusted'");
  }
}
