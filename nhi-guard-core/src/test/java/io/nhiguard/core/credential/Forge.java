package io.nhiguard.core.credential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** Builds tokens signed with a vault's real key, to test what verification refuses after the signature. */
final class Forge {

  private Forge() {}

  static ObjectNode header(InMemoryCredentialVault vault) {
    ObjectNode header = TokenCodec.object();
    header.put("alg", "EdDSA");
    header.put("typ", "JWT");
    header.put("kid", vault.currentKeyId());
    return header;
  }

  static ObjectNode claims(InMemoryCredentialVault vault, long iat, long nbf, long exp) {
    ObjectNode claims = TokenCodec.object();
    claims.put("iss", vault.issuer());
    claims.put("sub", Leases.AGENT.value());
    claims.put("aud", Leases.AUDIENCE);
    claims.put("scope", "invoice:read");
    claims.put("iat", iat);
    claims.put("nbf", nbf);
    claims.put("exp", exp);
    claims.put("jti", "forged-" + iat + "-" + exp);
    claims.put("task_id", Leases.TASK);
    return claims;
  }

  static String sign(InMemoryCredentialVault vault, ObjectNode header, ObjectNode claims) {
    return signRaw(vault, header.toString(), claims.toString());
  }

  /** Signs arbitrary JSON text, byte for byte, with the vault's current key. */
  static String signRaw(InMemoryCredentialVault vault, String headerJson, String claimsJson) {
    String input =
        TokenCodec.encode(headerJson.getBytes(StandardCharsets.UTF_8))
            + "."
            + TokenCodec.encode(claimsJson.getBytes(StandardCharsets.UTF_8));
    return input + "." + TokenCodec.encode(vault.currentKeyForTest().sign(TokenCodec.ascii(input)));
  }
}
