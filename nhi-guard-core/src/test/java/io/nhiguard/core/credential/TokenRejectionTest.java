package io.nhiguard.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhiguard.api.CredentialVerificationException;
import io.nhiguard.api.CredentialVerificationException.Failure;
import io.nhiguard.api.VerificationExpectations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TokenRejectionTest {

  private static final String DIGEST = "sha256-abc";

  private final MutableClock clock = MutableClock.at("2026-11-30T10:00:00Z");
  private final InMemoryCredentialVault vault = InMemoryCredentialVault.builder().clock(clock).build();
  private final long now = clock.instant().getEpochSecond();

  private static String b64(String json) {
    return TokenCodec.encode(json.getBytes(StandardCharsets.UTF_8));
  }

  private Failure failureOf(String token) {
    try {
      vault.verify(token, VerificationExpectations.audience(Leases.AUDIENCE));
    } catch (CredentialVerificationException e) {
      if (token.length() > 16) {
        assertThat(e.getMessage()).doesNotContain(token);
      }
      return e.failure();
    }
    throw new AssertionError("the token verified");
  }

  private String validClaimsJson() {
    return Forge.claims(vault, now, now, now + 60).toString();
  }

  private String headerJson() {
    return Forge.header(vault).toString();
  }

  @Test
  void forgedTokenWithValidEverythingVerifies() {
    String token = Forge.signRaw(vault, headerJson(), validClaimsJson());

    assertThat(vault.verify(token, VerificationExpectations.audience(Leases.AUDIENCE)).subject()).isEqualTo(Leases.AGENT);
  }

  // ------------------------------------------------------------------ AC-54 and algorithms

  @Test
  void AC_54_algNoneTokenIsRejected() {
    assertThat(failureOf("eyJhbGciOiJub25lIiwia2lkIjoia2lkLWFlcy1zaWduIn0.Zm9v.")).isEqualTo(Failure.ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE", "", "eddsa", "EdDSA ", "Ed25519"})
  void AC_54_unsignedOrMisspelledAlgorithmIsRejected(String alg) {
    String token = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + vault.currentKeyId() + "\"}")
        + "." + b64(validClaimsJson()) + ".";

    assertThat(failureOf(token)).isEqualTo(Failure.ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "HS512", "RS256", "PS256", "ES256", "ES256K"})
  void AC_54_otherAlgorithmsAreRejectedEvenWithTheVaultKeyAsHmacSecret(String alg) {
    String input = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + vault.currentKeyId() + "\"}")
        + "." + b64(validClaimsJson());
    HMac hmac = new HMac(new SHA256Digest());
    hmac.init(new KeyParameter(vault.jwks().getBytes(StandardCharsets.UTF_8)));
    byte[] in = input.getBytes(StandardCharsets.US_ASCII);
    hmac.update(in, 0, in.length);
    byte[] mac = new byte[32];
    hmac.doFinal(mac, 0);

    assertThat(failureOf(input + "." + TokenCodec.encode(mac))).isEqualTo(Failure.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void AC_54_missingOrNonStringAlgIsRejected() {
    String noAlg = b64("{\"typ\":\"JWT\",\"kid\":\"" + vault.currentKeyId() + "\"}") + "." + b64(validClaimsJson()) + ".c2ln";
    String arrayAlg = b64("{\"alg\":[\"EdDSA\"],\"kid\":\"k\"}") + "." + b64(validClaimsJson()) + ".c2ln";

    assertThat(failureOf(noAlg)).isEqualTo(Failure.ALGORITHM_NOT_ALLOWED);
    assertThat(failureOf(arrayAlg)).isEqualTo(Failure.ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256"})
  void AC_54_embeddedOrReferencedKeyIsRejected(String member) {
    ObjectNode header = Forge.header(vault);
    header.put(member, "https://attacker.example/key");

    assertThat(failureOf(Forge.sign(vault, header, Forge.claims(vault, now, now, now + 60))))
        .isEqualTo(Failure.EMBEDDED_KEY);
  }

  @Test
  void critOrUnknownHeaderIsRejected() {
    ObjectNode crit = Forge.header(vault);
    crit.putArray("crit").add("exp");
    ObjectNode extra = Forge.header(vault);
    extra.put("cty", "JWT");
    ObjectNode typ = Forge.header(vault);
    typ.put("typ", "at+jwt");

    assertThat(failureOf(Forge.sign(vault, crit, Forge.claims(vault, now, now, now + 60)))).isEqualTo(Failure.MALFORMED);
    assertThat(failureOf(Forge.sign(vault, extra, Forge.claims(vault, now, now, now + 60)))).isEqualTo(Failure.MALFORMED);
    assertThat(failureOf(Forge.sign(vault, typ, Forge.claims(vault, now, now, now + 60)))).isEqualTo(Failure.MALFORMED);
  }

  @Test
  void unknownOrMissingKidIsRejected() {
    ObjectNode unknown = Forge.header(vault);
    unknown.put("kid", "kid-aes-sign");
    ObjectNode missing = Forge.header(vault);
    missing.remove("kid");
    String fromOtherVault = InMemoryCredentialVault.builder().clock(clock).build()
        .lease(Leases.task(Duration.ofMinutes(1))).token().reveal();

    assertThat(failureOf(Forge.sign(vault, unknown, Forge.claims(vault, now, now, now + 60)))).isEqualTo(Failure.UNKNOWN_KEY);
    assertThat(failureOf(Forge.sign(vault, missing, Forge.claims(vault, now, now, now + 60)))).isEqualTo(Failure.UNKNOWN_KEY);
    assertThat(failureOf(fromOtherVault)).isEqualTo(Failure.UNKNOWN_KEY);
  }

  // ------------------------------------------------------------------ signatures and MACs

  @Test
  void tamperedClaimsAreRejectedAsBadSignature() {
    String token = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + b64(validClaimsJson().replace("invoice:read", "invoice:write")) + "." + parts[2];

    assertThat(failureOf(tampered)).isEqualTo(Failure.BAD_SIGNATURE);
  }

  @Test
  void flippedSignatureOrWrongLengthIsRejected() {
    String token = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String[] parts = token.split("\\.");
    byte[] sig = TokenCodec.decode(parts[2], "signature");
    sig[10] ^= 1;
    String flipped = parts[0] + "." + parts[1] + "." + TokenCodec.encode(sig);
    String shortSig = parts[0] + "." + parts[1] + "." + TokenCodec.encode(new byte[32]);

    assertThat(failureOf(flipped)).isEqualTo(Failure.BAD_SIGNATURE);
    assertThat(failureOf(shortSig)).isEqualTo(Failure.BAD_SIGNATURE);
  }

  @Test
  void tamperedCallPartIsRejectedByItsMac() {
    String token = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();
    String[] p = token.split("\\.");
    String call = new String(TokenCodec.decode(p[3], "call"), StandardCharsets.UTF_8);
    String swapped = p[0] + "." + p[1] + "." + p[2] + "." + b64(call.replace(DIGEST, "sha256-evil")) + "." + p[4];

    assertThat(failureOf(swapped)).isEqualTo(Failure.BAD_SIGNATURE);
  }

  @Test
  void grantClaimsTamperedUnderAKnownGrantSignatureAreRejected() {
    String token = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();
    String[] p = token.split("\\.");
    String claims = new String(TokenCodec.decode(p[1], "claims"), StandardCharsets.UTF_8);
    String widened = b64(claims.replace("invoice:read", "invoice:read invoice:pay"));

    assertThat(failureOf(p[0] + "." + widened + "." + p[2] + "." + p[3] + "." + p[4])).isEqualTo(Failure.BAD_SIGNATURE);
  }

  @Test
  void callPartMovedToAnotherGrantIsRejected() {
    String first = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();
    String other =
        vault.lease(Leases.of(Leases.AGENT, "task-2", io.nhiguard.api.ActionKind.READ, Duration.ofMinutes(1), null,
                Leases.FAR, List.of(), DIGEST))
            .token().reveal();
    String[] a = first.split("\\.");
    String[] b = other.split("\\.");

    assertThat(failureOf(b[0] + "." + b[1] + "." + b[2] + "." + a[3] + "." + a[4])).isEqualTo(Failure.BAD_SIGNATURE);
  }

  @Test
  void grantWithoutCallPartOrTaskTokenWithCallPartIsRejected() {
    String call = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();
    String task = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String[] c = call.split("\\.");

    assertThat(failureOf(c[0] + "." + c[1] + "." + c[2])).isEqualTo(Failure.MALFORMED);
    assertThat(failureOf(task + "." + c[3] + "." + c[4])).isEqualTo(Failure.MALFORMED);
  }

  @Test
  void AC_33_callClaimsWithWrongTypesAreRejectedEvenWhenAuthenticated() {
    String token = vault.lease(Leases.call(Duration.ofMinutes(1), DIGEST)).token().reveal();
    String[] p = token.split("\\.");
    byte[] grantKey = vault.secretMaterialForTest().get(1);
    String call = new String(TokenCodec.decode(p[3], "call"), StandardCharsets.UTF_8);
    String grantId = call.replaceAll(".*\"grant\":\"([^\"]+)\".*", "$1");

    String stringExp = call.replaceAll("\"exp\":(\\d+)", "\"exp\":\"$1\"");
    String otherGrant = call.replace(grantId, "other-grant");
    String longer = call.replaceAll("\"exp\":(\\d+)", "\"exp\":" + (now + 3600));
    String extra = call.substring(0, call.length() - 1) + ",\"scope\":\"invoice:write\"}";

    for (String bad : List.of(stringExp, otherGrant, longer, extra)) {
      String input = p[0] + "." + p[1] + "." + p[2] + "." + b64(bad);
      HMac hmac = new HMac(new SHA256Digest());
      hmac.init(new KeyParameter(grantKey));
      byte[] in = input.getBytes(StandardCharsets.US_ASCII);
      hmac.update(in, 0, in.length);
      byte[] mac = new byte[32];
      hmac.doFinal(mac, 0);
      assertThat(failureOf(input + "." + TokenCodec.encode(mac))).as(bad).isEqualTo(Failure.MALFORMED_CLAIMS);
    }
  }

  // ------------------------------------------------------------------ shape

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a.b", "a.b.c.d", "a.b.c.d.e.f", "not a token"})
  void wrongNumberOfPartsIsMalformed(String token) {
    assertThat(failureOf(token)).isEqualTo(Failure.MALFORMED);
  }

  @Test
  void paddedOrNonCanonicalBase64IsMalformed() {
    String token = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String[] p = token.split("\\.");
    String padded = p[0] + "=." + p[1] + "." + p[2];
    String standardAlphabet = p[0] + "." + p[1] + "." + p[2].replace('-', '+').replace('_', '/') + "+";
    String withSpace = p[0] + " ." + p[1] + "." + p[2];

    assertThat(failureOf(padded)).isEqualTo(Failure.MALFORMED);
    assertThat(failureOf(standardAlphabet)).isEqualTo(Failure.MALFORMED);
    assertThat(failureOf(withSpace)).isEqualTo(Failure.MALFORMED);
    // "YR" decodes to "a" with non-zero trailing bits; its canonical form is "YQ"
    assertThat(failureOf("YR." + p[1] + "." + p[2])).isEqualTo(Failure.MALFORMED);
  }

  @Test
  void oversizedTokenIsMalformedBeforeDecoding() {
    String token = "a".repeat(InMemoryCredentialVault.MAX_TOKEN_CHARS + 1);

    assertThat(failureOf(token)).isEqualTo(Failure.MALFORMED);
  }

  @Test
  void headerThatIsNotAStrictJsonObjectIsMalformed() {
    String kid = vault.currentKeyId();
    String duplicate = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\",\"alg\":\"none\"}";
    String array = "[\"EdDSA\"]";
    String trailing = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}{}";

    assertThat(failureOf(Forge.signRaw(vault, duplicate, validClaimsJson()))).isEqualTo(Failure.MALFORMED);
    assertThat(failureOf(Forge.signRaw(vault, array, validClaimsJson()))).isEqualTo(Failure.MALFORMED);
    assertThat(failureOf(Forge.signRaw(vault, trailing, validClaimsJson()))).isEqualTo(Failure.MALFORMED);
  }

  // ------------------------------------------------------------------ AC-33 claim types

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"exp\":%EXP% -> \"exp\":\"%EXP%\"",
        "\"exp\":%EXP% -> \"exp\":%EXP%.0",
        "\"exp\":%EXP% -> \"exp\":1.8e9",
        "\"exp\":%EXP% -> \"exp\":-1",
        "\"exp\":%EXP% -> \"exp\":99999999999999999999",
        "\"exp\":%EXP% -> \"exp\":true",
        "\"exp\":%EXP% -> \"exp\":null",
        "\"iat\":%NOW% -> \"iat\":[%NOW%]",
        "\"aud\":\"https://payments.example.org\" -> \"aud\":[\"https://payments.example.org\"]",
        "\"scope\":\"invoice:read\" -> \"scope\":[\"invoice:read\"]",
        "\"scope\":\"invoice:read\" -> \"scope\":\"invoice:read  x\"",
        "\"sub\":\"spiffe://example.org/agent/billing\" -> \"sub\":\"spiffe://EXAMPLE.org/agent/billing\"",
        "\"sub\":\"spiffe://example.org/agent/billing\" -> \"sub\":{\"id\":1}",
        "\"task_id\":\"task-1\" -> \"task_id\":1",
        "\"task_id\":\"task-1\" -> \"task_id\":\"\"",
        "\"jti\": -> \"xjti\":",
        "\"task_id\":\"task-1\" -> \"task_id\":\"task-1\",\"call_bound\":false",
        "\"task_id\":\"task-1\" -> \"task_id\":\"task-1\",\"act\":[\"spiffe://example.org/agent/a\"]",
        "\"task_id\":\"task-1\" -> \"task_id\":\"task-1\",\"act\":{\"sub\":\"spiffe://example.org/agent/a\",\"x\":1}",
        "\"task_id\":\"task-1\" -> \"task_id\":\"task-1\",\"admin\":true",
        "\"task_id\":\"task-1\" -> \"task_id\":\"task-1\",\"task_id\":\"task-2\"",
        "\"iss\":\"nhi-guard\" -> \"iss\":\"https://evil.example\"",
        "\"iat\":%NOW% -> \"iat\":%EXP%",
      })
  void AC_33_malformedClaimTypesAreRejected(String edit) {
    String[] fromTo = edit.split(" -> ");
    String from = fromTo[0].replace("%EXP%", Long.toString(now + 60)).replace("%NOW%", Long.toString(now));
    String to = fromTo[1].replace("%EXP%", Long.toString(now + 60)).replace("%NOW%", Long.toString(now));
    String claims = validClaimsJson();
    assertThat(claims).contains(from);

    Failure failure = failureOf(Forge.signRaw(vault, headerJson(), claims.replace(from, to)));

    assertThat(failure).isIn(Failure.MALFORMED_CLAIMS);
  }

  @Test
  void AC_33_claimsThatAreNotAnObjectAreRejected() {
    assertThat(failureOf(Forge.signRaw(vault, headerJson(), "[1,2]"))).isEqualTo(Failure.MALFORMED_CLAIMS);
    assertThat(failureOf(Forge.signRaw(vault, headerJson(), "\"claims\""))).isEqualTo(Failure.MALFORMED_CLAIMS);
  }

  @Test
  void rejectionMessagesNeverCarryTheToken() {
    String token = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();

    assertThatThrownBy(() -> vault.verify(token, VerificationExpectations.audience("other")))
        .isInstanceOf(CredentialVerificationException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token.split("\\.")[2]).doesNotContain(token));
  }
}
