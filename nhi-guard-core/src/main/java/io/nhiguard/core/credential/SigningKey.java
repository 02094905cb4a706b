package io.nhiguard.core.credential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * One Ed25519 key pair of the vault (RFC 8032), named by its RFC 7638 JWK thumbprint.
 *
 * <p>While current, it signs; once retired it drops its private key and only verifies, until the
 * last token it signed has expired. Thread-safe: the private key reference is volatile and every
 * signature uses its own {@link Ed25519Signer}.
 */
final class SigningKey {

  private final String kid;
  private final Ed25519PublicKeyParameters publicKey;
  private final String x;
  private volatile Ed25519PrivateKeyParameters privateKey;
  private final AtomicReference<Instant> lastExpiry;

  private SigningKey(Ed25519PrivateKeyParameters privateKey, Ed25519PublicKeyParameters publicKey, Instant createdAt) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.x = TokenCodec.encode(publicKey.getEncoded());
    this.kid = thumbprint(x);
    this.lastExpiry = new AtomicReference<>(createdAt);
  }

  /** Generates a fresh key pair. */
  static SigningKey generate(SecureRandom random, Instant createdAt) {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(random));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new SigningKey(
        (Ed25519PrivateKeyParameters) pair.getPrivate(), (Ed25519PublicKeyParameters) pair.getPublic(), createdAt);
  }

  /** The key id: the base64url SHA-256 JWK thumbprint (RFC 7638 section 3, RFC 8037 appendix A.3). */
  String kid() {
    return kid;
  }

  /** The base64url public key, the JWK {@code x} member. */
  String x() {
    return x;
  }

  /** Whether the private key has been dropped. */
  boolean isRetired() {
    return privateKey == null;
  }

  /** The latest {@code exp} of a token this key signed. */
  Instant lastExpiry() {
    return lastExpiry.get();
  }

  /** Records that a token expiring at {@code expiresAt} is signed with this key. */
  void extendTo(Instant expiresAt) {
    lastExpiry.accumulateAndGet(expiresAt, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Drops the private key; the key then only verifies. */
  void retire() {
    privateKey = null;
  }

  /**
   * Signs the JWS signing input (RFC 8037 section 3.1: Ed25519 over the ASCII bytes of {@code
   * header.payload}).
   *
   * @throws IllegalStateException if the key is retired
   */
  byte[] sign(byte[] signingInput) {
    Ed25519PrivateKeyParameters key = privateKey;
    if (key == null) {
      throw new IllegalStateException("Signing key " + kid + " is retired; the vault signs only with its current key");
    }
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key);
    signer.update(signingInput, 0, signingInput.length);
    return signer.generateSignature();
  }

  /** Verifies an Ed25519 signature over the signing input. */
  boolean verify(byte[] signingInput, byte[] signature) {
    if (signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, publicKey);
    verifier.update(signingInput, 0, signingInput.length);
    return verifier.verifySignature(signature);
  }

  /** Writes the public JWK (RFC 7517, RFC 8037 section 2). */
  ObjectNode toJwk() {
    ObjectNode jwk = TokenCodec.object();
    jwk.put("kty", "OKP");
    jwk.put("crv", "Ed25519");
    jwk.put("x", x);
    jwk.put("kid", kid);
    jwk.put("use", "sig");
    jwk.put("alg", "EdDSA");
    return jwk;
  }

  /** Returns the private key bytes; used by tests to prove they never leak. */
  byte[] privateKeyBytesForTest() {
    Ed25519PrivateKeyParameters key = privateKey;
    return key == null ? new byte[0] : key.getEncoded();
  }

  private static String thumbprint(String x) {
    byte[] input =
        ("{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}").getBytes(StandardCharsets.UTF_8);
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return TokenCodec.encode(out);
  }
}
