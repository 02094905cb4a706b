package io.nhiguard.core.approval;

import static io.nhiguard.core.approval.ApprovalFixtures.BILLING;
import static io.nhiguard.core.approval.ApprovalFixtures.NOW;
import static io.nhiguard.core.approval.ApprovalFixtures.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.ApprovalRequest;
import io.nhiguard.api.ApprovalStatus;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.core.approval.ApprovalFixtures.Escalated;
import io.nhiguard.core.identity.MutableClock;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** An approval for digest D is never consumed for a digest D' != D, and is consumed for D once. */
final class ApprovalDigestBindingPropertiesTest {

  @Provide
  Arbitrary<String> otherDigests() {
    Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
    Arbitrary<String> anyText = Arbitraries.strings().ofMaxLength(80);
    return Arbitraries.oneOf(hex, anyText);
  }

  @Property(tries = 1000)
  void approvalForDigestIsNeverConsumedForAnotherDigest(
      @ForAll long amount,
      @ForAll("otherDigests") String randomOther,
      @ForAll("variant") int variant) {
    MutableClock clock = MutableClock.at(NOW);
    InMemoryApprovalService service =
        InMemoryApprovalService.builder().clock(clock).expireInBackground(false).build();
    CanonicalArguments args =
        new CanonicalArguments(Map.of("amount", BigDecimal.valueOf(amount)), "{\"amount\":" + amount + "}");
    Escalated e =
        ApprovalFixtures.escalated(ApprovalFixtures.billing(), "task-1", "send_money", args, null, List.of());
    ApprovalRequest r = service.submit(e.request(), e.decision());
    service.approve(r.requestId(), OWNER);
    String d = r.argumentDigest();
    String other = near(d, randomOther, variant, amount);
    Assume.that(!other.equals(d));

    assertThat(service.consume(BILLING, "task-1", "send_money", other)).isEmpty();
    assertThat(service.find(r.requestId()).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(service.consume(BILLING, "task-1", "send_money", d)).isPresent();
    assertThat(service.consume(BILLING, "task-1", "send_money", d)).isEmpty();
  }

  @Provide
  Arbitrary<Integer> variant() {
    return Arbitraries.integers().between(0, 5);
  }

  /** Near misses of the real digest as well as unrelated strings. */
  private static String near(String d, String random, int variant, long amount) {
    switch (variant) {
      case 0:
        return d.toUpperCase(Locale.ROOT);
      case 1:
        int i = (int) Math.floorMod(amount, 64L);
        char c = d.charAt(i) == '0' ? '1' : '0';
        return d.substring(0, i) + c + d.substring(i + 1);
      case 2:
        return d.substring(0, 63);
      case 3:
        return d + random;
      case 4:
        return CanonicalArguments.sha256Hex("{\"amount\":" + (amount + 1) + "}");
      default:
        return random;
    }
  }
}
