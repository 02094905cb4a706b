package io.nhiguard.core.audit;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 key (RFC 8032) that signs audit record hashes, with the key id written into each
 * record. Signing uses Bouncy Castle's lightweight API.
 *
 * <p>A signature is made over the 32 raw bytes of the record hash and written base64url without
 * padding (RFC 4648 section 5). Because the key id is part of the hashed bytes, a signature cannot
 * be moved to another key id.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} never shows the private key.
 *
 * @since 0.1.0
 */
public final class AuditSigningKey {

  private final String keyId;
  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;

  private AuditSigningKey(String keyId, Ed25519PrivateKeyParameters privateKey) {
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.isBlank()) {
      throw new IllegalArgumentException("Audit signing keyId must not be blank; name the key so verifiers can find it");
    }
    this.keyId = keyId;
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  /**
   * Generates a new key.
   *
   * @param keyId the key id written into each record; non-blank
   * @param random the source of randomness
   * @return the key
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code keyId} is blank
   */
  public static AuditSigningKey generate(String keyId, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new AuditSigningKey(keyId, new Ed25519PrivateKeyParameters(random));
  }

  /**
   * Restores a key from its 32-byte private seed (RFC 8032 section 5.1.5).
   *
   * @param keyId the key id; non-blank
   * @param privateSeed the 32-byte seed; copied, the caller should zero its array afterwards
   * @return the key
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code keyId} is blank or the seed is not 32 bytes
   */
  public static AuditSigningKey of(String keyId, byte[] privateSeed) {
    Objects.requireNonNull(privateSeed, "privateSeed");
    if (privateSeed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException(
          "An Ed25519 private seed has 32 bytes, but was " + privateSeed.length + " bytes");
    }
    return new AuditSigningKey(keyId, new Ed25519PrivateKeyParameters(privateSeed, 0));
  }

  /**
   * Returns the key id.
   *
   * @return the non-blank key id
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Returns the 32-byte Ed25519 public key, for {@link AuditVerifier.Builder#trustKey(String,
   * byte[])}.
   *
   * @return a fresh copy of the public key bytes
   */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Signs a record hash.
   *
   * @param hashHex the record hash, 64 hexadecimal characters
   * @return the base64url signature without padding
   * @throws IllegalArgumentException if {@code hashHex} is not 64 hexadecimal characters
   * @throws NullPointerException if {@code hashHex} is null
   */
  public String sign(String hashHex) {
    byte[] message = hashBytes(hashHex);
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.generateSignature());
  }

  /**
   * Checks a signature over a record hash with a raw public key.
   *
   * @param publicKey the 32-byte Ed25519 public key
   * @param hashHex the record hash, 64 hexadecimal characters
   * @param signature the base64url signature
   * @return true only if the signature is well-formed and valid
   * @throws NullPointerException if an argument is null
   */
  static boolean verify(byte[] publicKey, String hashHex, String signature) {
    byte[] sig;
    byte[] message;
    try {
      sig = Base64.getUrlDecoder().decode(signature);
      message = hashBytes(hashHex);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (sig.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(sig).equals(signature)) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(sig);
  }

  static byte[] hashBytes(String hashHex) {
    Objects.requireNonNull(hashHex, "hashHex");
    if (hashHex.length() != 64) {
      throw new IllegalArgumentException("A record hash has 64 hexadecimal characters, but had " + hashHex.length());
    }
    return java.util.HexFormat.of().parseHex(hashHex);
  }

  /**
   * Returns the key id and a public-key fingerprint, never the private key.
   *
   * @return a safe description
   */
  @Override
  public String toString() {
    return "AuditSigningKey[keyId=" + io.nhiguard.api.SafeText.quote(keyId) + ", publicKey="
        + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(publicKey, 8)) + "...]";
  }
}
