package io.nhiguard.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nhiguard.api.ActionKind;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.MalformedArgumentsException;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.ArgumentCanonicalizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Fuzz target for the argument canonicalizer: whatever text the model sends, parsing either
 * yields canonical arguments or throws {@link MalformedArgumentsException}; nothing else escapes.
 *
 * <p>Without {@code JAZZER_FUZZ} the committed inputs under {@code
 * src/test/resources/io/nhiguard/core/fuzz/ArgumentCanonicalizerFuzzTestInputs/} run as regression
 * tests; see docs/fuzzing.md for a fuzzing run.
 */
final class ArgumentCanonicalizerFuzzTest {

  private static final String[] NAMES = {"amount", "to", "recipient", "path", "url", "n", "flag", "items", "meta"};
  private static final ArgumentType[] TYPES = ArgumentType.values();
  private static final ArgumentRole[] ROLES = ArgumentRole.values();

  @FuzzTest(maxDuration = "10m")
  void parseAcceptsOnlyStrictObjectsAndFailsOnlyWithMalformedArguments(FuzzedDataProvider data) {
    boolean typed = data.consumeBoolean();
    ToolDescriptor tool = typed ? descriptor(data) : null;
    String json = data.consumeRemainingAsString();
    CanonicalArguments parsed;
    try {
      parsed = tool == null ? ArgumentCanonicalizer.parse(json) : ArgumentCanonicalizer.parse(json, tool);
    } catch (MalformedArgumentsException expected) {
      assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
      return;
    }
    assertCanonical(parsed, tool);
  }

  private static void assertCanonical(CanonicalArguments parsed, ToolDescriptor tool) {
    String canonical = parsed.canonicalJson();
    assertThat(canonical).startsWith("{").endsWith("}");
    CanonicalArguments again = ArgumentCanonicalizer.parse(canonical);
    assertThat(again.canonicalJson()).isEqualTo(canonical);
    assertThat(again.digest()).isEqualTo(parsed.digest());
    assertThat(again.values()).isEqualTo(parsed.values());
    assertThat(parsed.digest()).isEqualTo(CanonicalArguments.sha256Hex(canonical));
    if (tool != null) {
      assertThat(ArgumentCanonicalizer.parse(canonical, tool).digest()).isEqualTo(parsed.digest());
    }
    assertThat(ArgumentCanonicalizer.of(parsed.values()).canonicalJson()).isEqualTo(canonical);
  }

  private static ToolDescriptor descriptor(FuzzedDataProvider data) {
    int count = data.consumeInt(0, 4);
    Map<String, ArgumentType> types = new LinkedHashMap<>();
    Map<String, ArgumentRole> roles = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = data.pickValue(NAMES);
      types.put(name, data.pickValue(TYPES));
      roles.put(name, data.pickValue(ROLES));
    }
    return new ToolDescriptor(
        "fuzzed_tool", ActionKind.PAYMENT, "bank", roles, types, false, Set.of(), DataSensitivity.INTERNAL, true);
  }
}
