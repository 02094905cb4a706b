package io.nhiguard.core.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/**
 * Verifies vault tokens the way a downstream service would: with nothing but the published JWK set,
 * the JDK's base64url codec, a JSON parser and Bouncy Castle's raw Ed25519 over the JWS signing input
 * (RFC 8037 section 3.1). None of the vault's verification code runs here.
 */
final class IndependentVerificationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = MutableClock.at("2026-11-30T10:00:00Z");
  private final InMemoryCredentialVault vault =
      InMemoryCredentialVault.builder().clock(clock).issuer("https://vault.example.org").build();

  /** Returns the verified claims of a compact JWS, or null if the signature does not verify. */
  private static JsonNode verifyWithJwks(String jws, String jwks) throws Exception {
    String[] parts = jws.split("\\.", -1);
    assertThat(parts).hasSize(3);
    Base64.Decoder decoder = Base64.getUrlDecoder();
    JsonNode header = JSON.readTree(decoder.decode(parts[0]));
    assertThat(header.get("alg").asText()).isEqualTo("EdDSA");
    assertThat(header.get("typ").asText()).isEqualTo("JWT");
    assertThat(header.size()).isEqualTo(3);
    JsonNode key = null;
    for (JsonNode candidate : JSON.readTree(jwks).get("keys")) {
      if (candidate.get("kid").asText().equals(header.get("kid").asText())) {
        key = candidate;
      }
    }
    assertThat(key).as("kid in JWKS").isNotNull();
    assertThat(key.get("kty").asText()).isEqualTo("OKP");
    assertThat(key.get("crv").asText()).isEqualTo("Ed25519");
    Ed25519PublicKeyParameters publicKey = new Ed25519PublicKeyParameters(decoder.decode(key.get("x").asText()), 0);
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, publicKey);
    verifier.update(input, 0, input.length);
    if (!verifier.verifySignature(decoder.decode(parts[2]))) {
      return null;
    }
    return JSON.readTree(decoder.decode(parts[1]));
  }

  @Test
  void taskTokenVerifiesWithPublishedJwksAndCarriesRegisteredClaims() throws Exception {
    String token =
        vault.lease(Leases.of(Leases.AGENT, Leases.TASK, io.nhiguard.api.ActionKind.READ, Duration.ofMinutes(3), null,
                Leases.FAR, java.util.List.of(Leases.PARENT), ""))
            .token().reveal();

    JsonNode claims = verifyWithJwks(token, vault.jwks());

    assertThat(claims).isNotNull();
    assertThat(claims.get("iss").asText()).isEqualTo("https://vault.example.org");
    assertThat(claims.get("sub").asText()).isEqualTo(Leases.AGENT.value());
    assertThat(claims.get("aud").asText()).isEqualTo(Leases.AUDIENCE);
    assertThat(claims.get("scope").asText()).isEqualTo("invoice:read");
    assertThat(claims.get("exp").isIntegralNumber()).isTrue();
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(180);
    assertThat(claims.get("nbf").asLong()).isEqualTo(claims.get("iat").asLong());
    assertThat(claims.get("jti").asText()).isNotEmpty();
    assertThat(claims.get("task_id").asText()).isEqualTo(Leases.TASK);
    assertThat(claims.get("act").get("sub").asText()).isEqualTo(Leases.PARENT.value());
    assertThat(claims.has("call_bound")).isFalse();
  }

  @Test
  void callTokenGrantVerifiesWithJwksAndSaysItIsCallBound() throws Exception {
    String token = vault.lease(Leases.call(Duration.ofSeconds(30), "sha256-abc")).token().reveal();
    String[] parts = token.split("\\.");

    JsonNode grant = verifyWithJwks(parts[0] + "." + parts[1] + "." + parts[2], vault.jwks());

    assertThat(grant).isNotNull();
    assertThat(grant.get("call_bound").asBoolean()).isTrue();
    assertThat(grant.get("aud").asText()).isEqualTo(Leases.AUDIENCE);
    JsonNode call = JSON.readTree(Base64.getUrlDecoder().decode(parts[3]));
    assertThat(call.get("grant").asText()).isEqualTo(grant.get("jti").asText());
    assertThat(call.get("arg_digest").asText()).isEqualTo("sha256-abc");
    assertThat(call.get("exp").asLong()).isLessThanOrEqualTo(grant.get("exp").asLong());
  }

  @Test
  void tamperedTokenFailsIndependentVerification() throws Exception {
    String token = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String[] parts = token.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String forged = parts[0] + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(
            claims.replace(Leases.AUDIENCE, "https://evil.example").getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];

    assertThat(verifyWithJwks(forged, vault.jwks())).isNull();
  }

  @Test
  void tokenSignedBeforeRotationStillVerifiesWithPublishedJwks() throws Exception {
    String before = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    vault.rotateKey();
    String after = vault.lease(Leases.task(Duration.ofMinutes(1))).token().reveal();
    String jwks = vault.jwks();

    assertThat(verifyWithJwks(before, jwks)).isNotNull();
    assertThat(verifyWithJwks(after, jwks)).isNotNull();
    assertThat(JSON.readTree(jwks).get("keys")).hasSize(2);
  }
}
