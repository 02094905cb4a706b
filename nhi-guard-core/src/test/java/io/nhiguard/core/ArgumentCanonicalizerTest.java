package io.nhiguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.MalformedArgumentsException;
import io.nhiguard.api.ToolDescriptor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ArgumentCanonicalizerTest {

  private static final ToolDescriptor PAY =
      new ToolDescriptor(
          "pay",
          ActionKind.PAYMENT,
          "bank",
          Map.of("amount", ArgumentRole.AMOUNT, "to", ArgumentRole.RECIPIENT),
          Map.of("count", ArgumentType.INTEGER, "to", ArgumentType.STRING),
          false,
          Set.of(),
          DataSensitivity.CONFIDENTIAL,
          true);

  private static MalformedArgumentsException rejected(String json, ToolDescriptor tool) {
    try {
      ArgumentCanonicalizer.parse(json, tool);
    } catch (MalformedArgumentsException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void AC_29_jsonDuplicateKeyIsRejected() {
    assertThat(rejected("{\"amount\":1,\"to\":\"bob\",\"amount\":99999}", PAY).getMessage())
        .contains("duplicate key 'amount' at line 1, column");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":{\"x\":1,\"x\":2}}",
        "{\"a\":[{\"k\":1,\"k\":1}]}",
        "{\"to\":\"bob\",\"to\":\"bob\"}",
        "{\"\\u0074o\":\"bob\",\"to\":\"eve\"}"
      })
  void parseWhenDuplicateKeyAtAnyDepthOrEscapedThenRejects(String json) {
    assertThat(rejected(json, null).getMessage()).startsWith("Malformed tool arguments: not strict JSON");
  }

  @Test
  void AC_31_jsonTrailingGarbageIsRejected() {
    assertThat(rejected("{\"amount\":12,\"to\":\"bob\"} {\"to\":\"eve\"}", PAY).getMessage())
        .contains("trailing content after the JSON object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"amount\":1,\"Amount\":99999}",
        "{\"amount\":1,\"amount \":99999}",
        "{\"amount\":1,\"\\u0430mount\":99999}",
        "{\"amount\":1,\"amount\\u200b\":99999}",
        "{\"amount\":1,\"\\uff41mount\":99999}",
        "{\"amount\":1,\"amou\\u017ft\":99999}",
        "{\"amount\":1,\"to\\u0000\":\"eve\"}",
        "{\"amount\":1,\"extra\":\"rm -rf /\"}"
      })
  void parseWhenAKeyIsNotDeclaredThenRejectsLookAlikesAndExtras(String json) {
    assertThat(rejected(json, PAY).getMessage()).contains("is not declared for tool 'pay'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"q\":1e-9999}", "{\"q\":1e-10000}", "{\"q\":[1e-9999,1e-9999]}", "{\"q\":0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001}"})
  void parseWhenANumberHasTooManyDecimalPlacesThenRejectsBeforeExpandingIt(String json) {
    assertThat(rejected(json, null).getMessage()).contains("more than 100 digits after the decimal point");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"password\":hunter2SECRETZ1}", "{\"password\":424242424242424242424242424242424242424242}", "{\"pin\":0x5EC2E7}"})
  void parseWhenRejectingThenNeverEchoesTheInput(String json) {
    assertThat(rejected(json, null).getMessage()).doesNotContain("hunter2SECRETZ1").doesNotContain("4242424242").doesNotContain("5EC2E7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} x", "{}{}", "{} // c", "{}]", "{} null", "{\"a\":1}\u0000"})
  void parseWhenAnyTrailingTokenThenRejects(String json) {
    rejected(json, null);
  }

  @Test
  void AC_32_jsonNumericRangeIsRejectedAtGuard() {
    ToolDescriptor counted = PAY;
    assertThat(rejected("{\"count\":9223372036854775808}", counted).getMessage())
        .contains("outside the signed 64-bit integer range");
    assertThat(rejected("{\"count\":1.9}", counted).getMessage()).contains("must be an integer, but was 1.9");
    assertThat(rejected("{\"amount\":1e999}", counted).getMessage()).contains("outside the finite range of a double");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"amount\":NaN}",
        "{\"amount\":Infinity}",
        "{\"amount\":-Infinity}",
        "{\"amount\":1e309}",
        "{\"amount\":-1e309}",
        "{\"amount\":0x10}",
        "{\"amount\":01}",
        "{\"amount\":1.}",
        "{\"amount\":.5}",
        "{\"amount\":+1}",
        "{\"amount\":12345678901234567890123456789012345}"
      })
  void parseWhenNumberNotFiniteOrNotStrictThenRejects(String json) {
    rejected(json, PAY);
  }

  @Test
  void parseWhenIntegerAtLongBoundsThenAccepts() {
    assertThat(ArgumentCanonicalizer.parse("{\"count\":9223372036854775807}", PAY).values().get("count"))
        .isEqualTo(new BigDecimal("9223372036854775807"));
    assertThat(ArgumentCanonicalizer.parse("{\"count\":-9223372036854775808}", PAY).values().get("count"))
        .isEqualTo(new BigDecimal("-9223372036854775808"));
    rejected("{\"count\":-9223372036854775809}", PAY);
  }

  @Test
  void AC_36_jsonDeepNestingIsRejectedFast() {
    String arrays = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    String objects = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    assertThat(rejected(arrays, null).getMessage()).contains("nesting");
    assertThat(rejected(objects, null).getMessage()).contains("nesting");
    assertThat(rejected("[".repeat(5000), null)).isNotNull();
  }

  @Test
  void parseWhenDepthExactlyAtLimitThenAcceptsAndOneMoreRejects() {
    String ok = "{\"a\":".repeat(ArgumentCanonicalizer.MAX_DEPTH - 1) + "{}" + "}".repeat(ArgumentCanonicalizer.MAX_DEPTH - 1);
    assertThat(ArgumentCanonicalizer.parse(ok)).isNotNull();
    String tooDeep = "{\"a\":".repeat(ArgumentCanonicalizer.MAX_DEPTH) + "{}" + "}".repeat(ArgumentCanonicalizer.MAX_DEPTH);
    rejected(tooDeep, null);
  }

  @Test
  void parseWhenLargerThan64KibThenRejects() {
    String big = "{\"a\":\"" + "x".repeat(ArgumentCanonicalizer.MAX_BYTES) + "\"}";
    assertThat(rejected(big, null).getMessage()).contains("larger than 65536 bytes");
    String multiByte = "{\"a\":\"" + "\u00e9".repeat(ArgumentCanonicalizer.MAX_BYTES / 2) + "\"}";
    rejected(multiByte, null);
  }

  @Test
  void AC_39_numericNanIsRejectedBeforeComparison() {
    assertThat(rejected("{\"amount\":\"NaN\"}", PAY).getMessage()).contains("must be a JSON number, but was a string");
    rejected("{\"amount\":NaN}", PAY);
  }

  @Test
  void AC_41_numericNegativeAmountIsRejected() {
    assertThat(rejected("{\"amount\":-5,\"to\":\"bob\"}", PAY).getMessage()).contains("is negative (-5)");
    rejected("{\"amount\":-0.01}", PAY);
    assertThat(ArgumentCanonicalizer.parse("{\"amount\":0}", PAY).values().get("amount")).isEqualTo(BigDecimal.ZERO);
    assertThat(ArgumentCanonicalizer.parse("{\"amount\":-0.0}", PAY).values().get("amount")).isEqualTo(BigDecimal.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"to\":12}", "{\"to\":true}", "{\"to\":null}", "{\"count\":\"12\"}", "{\"amount\":\"12\"}", "{\"amount\":[1]}"})
  void parseWhenTypeDiffersThenNeverCoerces(String json) {
    assertThat(rejected(json, PAY).getMessage()).contains("must be");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"x\"", "12", "null", "", "  ", "{", "{\"a\":}", "{'a':1}", "{a:1}", "{\"a\":1,}"})
  void parseWhenNotAStrictObjectThenRejects(String json) {
    rejected(json, null);
  }

  @Test
  void parseWhenValidThenCanonicalJsonIsSortedPlainAndDigested() {
    CanonicalArguments a = ArgumentCanonicalizer.parse(" { \"b\" : 1.50 , \"a\" : [ true , null , \"x\" ] , \"c\": 1E+2 } ");
    assertThat(a.canonicalJson()).isEqualTo("{\"a\":[true,null,\"x\"],\"b\":1.5,\"c\":100}");
    assertThat(a.digest()).isEqualTo(CanonicalArguments.sha256Hex(a.canonicalJson())).hasSize(64);
    assertThat(a.values().get("a")).isEqualTo(List.of(Boolean.TRUE, CanonicalArguments.JsonNull.INSTANCE, "x"));
    assertThat(a.toString()).doesNotContain("1.5");
  }

  @Test
  void parseWhenStringHasControlCharactersThenCanonicalFormEscapesThem() {
    CanonicalArguments a = ArgumentCanonicalizer.parse("{\"s\":\"a\\nb\\u2028c\"}");
    assertThat(a.values().get("s")).isEqualTo("a\nb\u2028c");
    assertThat(a.canonicalJson()).doesNotContain("\n");
  }

  @Test
  void valuesWhenReturnedThenAreUnmodifiable() {
    CanonicalArguments a = ArgumentCanonicalizer.parse("{\"l\":[1],\"m\":{\"k\":1}}");
    assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> a.values().put("x", "y"));
    @SuppressWarnings("unchecked")
    List<Object> l = (List<Object>) a.values().get("l");
    assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> l.add("y"));
  }

  @Property(tries = 1000)
  void digestWhenKeyOrderChangesThenIsTheSame(@ForAll("objects") Map<String, Object> values, @ForAll long seed) {
    List<String> keys = new ArrayList<>(values.keySet());
    Collections.shuffle(keys, new java.util.Random(seed));
    String ordered = toJson(values, new ArrayList<>(values.keySet()));
    String shuffled = toJson(values, keys);
    assertThat(ArgumentCanonicalizer.parse(shuffled).digest()).isEqualTo(ArgumentCanonicalizer.parse(ordered).digest());
  }

  @Property(tries = 1000)
  void digestWhenAValueChangesThenDiffers(@ForAll("objects") Map<String, Object> values, @ForAll @IntRange(min = 0, max = 20) int pick) {
    if (values.isEmpty()) {
      return;
    }
    List<String> keys = new ArrayList<>(values.keySet());
    String key = keys.get(pick % keys.size());
    Map<String, Object> changed = new LinkedHashMap<>(values);
    Object old = changed.get(key);
    changed.put(key, old instanceof String ? old + "x" : "changed");
    assertThat(ArgumentCanonicalizer.parse(toJson(changed, keys)).digest())
        .isNotEqualTo(ArgumentCanonicalizer.parse(toJson(values, keys)).digest());
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    Arbitrary<Object> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
            Arbitraries.bigDecimals().between(new BigDecimal("-1e6"), new BigDecimal("1e6")).ofScale(3).map(d -> (Object) d),
            Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b));
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), scalar).ofMaxSize(8);
  }

  private static String toJson(Map<String, Object> values, List<String> order) {
    return order.stream()
        .map(k -> quote(k) + ":" + scalar(values.get(k)))
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String scalar(Object v) {
    if (v instanceof String) {
      return quote((String) v);
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).toString();
    }
    return String.valueOf(v);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
