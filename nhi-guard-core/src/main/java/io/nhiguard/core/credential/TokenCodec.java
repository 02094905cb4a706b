package io.nhiguard.core.credential;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nhiguard.api.CredentialVerificationException;
import io.nhiguard.api.CredentialVerificationException.Failure;
import io.nhiguard.api.SafeText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

/**
 * Strict encoding and decoding of the parts of compact JWS tokens (RFC 7515 section 7.1): base64url
 * without padding (RFC 7515 section 2), JSON objects with no duplicate members (RFC 7515 section
 * 5.2 step 4, RFC 7519 section 4) and claim values of exact JSON types.
 *
 * <p>Stateless and thread-safe.
 */
final class TokenCodec {

  /** The longest token accepted, in characters; anything longer is refused before decoding. */
  static final int MAX_TOKEN_CHARS = InMemoryCredentialVault.MAX_TOKEN_CHARS;

  /** The largest seconds-since-epoch value accepted for a time claim (year 9999). */
  static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(40)
                  .maxNumberLength(40)
                  .maxStringLength(MAX_TOKEN_CHARS)
                  .build())
          .build();

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private TokenCodec() {}

  /** Returns a fresh JSON object node. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Encodes bytes as base64url without padding. */
  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /** Encodes a JSON object as base64url of its UTF-8 serialization. */
  static String encodeJson(ObjectNode node) {
    try {
      return encode(MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize a token part: " + e.getOriginalMessage(), e);
    }
  }

  /** Returns the ASCII bytes of a signing input. */
  static byte[] ascii(String signingInput) {
    return signingInput.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Decodes base64url without padding, refusing padding, foreign characters and non-canonical
   * encodings (non-zero trailing bits), so that one byte string has exactly one textual form.
   */
  static byte[] decode(String part, String what) {
    if (part.isEmpty()) {
      throw failure(Failure.MALFORMED, "the " + what + " part is empty; expected base64url");
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        throw failure(
            Failure.MALFORMED,
            "the " + what + " part contains a character outside base64url without padding (RFC 7515 section 2)");
      }
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(part);
    } catch (IllegalArgumentException e) {
      throw failure(Failure.MALFORMED, "the " + what + " part is not valid base64url");
    }
    if (!ENCODER.encodeToString(bytes).equals(part)) {
      throw failure(Failure.MALFORMED, "the " + what + " part is not canonical base64url");
    }
    return bytes;
  }

  /** Decodes a base64url part holding a JSON object, with duplicate members refused. */
  static ObjectNode decodeObject(String part, String what, Failure onBadJson) {
    byte[] bytes = decode(part, what);
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (java.io.IOException e) {
      throw failure(onBadJson, "the " + what + " is not a strict JSON object (duplicate member, bad syntax or trailing data)");
    }
    if (node == null || !node.isObject()) {
      throw failure(onBadJson, "the " + what + " is not a JSON object");
    }
    return (ObjectNode) node;
  }

  /** Refuses members other than the allowed ones. */
  static void onlyMembers(ObjectNode node, Set<String> allowed, String what, Failure failure) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw failure(failure, "the " + what + " has the unexpected member '" + SafeText.quote(name) + "'");
      }
    }
  }

  /** Returns a required string member. */
  static String string(ObjectNode node, String name, String what) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw failure(Failure.MALFORMED_CLAIMS, "the " + what + " lacks the string member '" + name + "'");
    }
    if (!value.isTextual()) {
      throw failure(
          Failure.MALFORMED_CLAIMS,
          "the " + what + " member '" + name + "' is a " + value.getNodeType() + "; expected a string");
    }
    String text = value.textValue();
    if (text.isEmpty()) {
      throw failure(Failure.MALFORMED_CLAIMS, "the " + what + " member '" + name + "' is empty");
    }
    return text;
  }

  /**
   * Returns a required NumericDate member (RFC 7519 section 2) as whole seconds: a JSON integer in
   * [0, year 9999]; fractions, exponents, strings and booleans are refused.
   */
  static Instant seconds(ObjectNode node, String name, String what) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw failure(Failure.MALFORMED_CLAIMS, "the " + what + " lacks the integer member '" + name + "'");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw failure(
          Failure.MALFORMED_CLAIMS,
          "the " + what + " member '" + name + "' is a " + value.getNodeType()
              + " that is not an integer; expected whole seconds since the epoch");
    }
    long seconds = value.longValue();
    if (seconds < 0 || seconds > MAX_EPOCH_SECONDS) {
      throw failure(
          Failure.MALFORMED_CLAIMS,
          "the " + what + " member '" + name + "' is " + seconds + "; expected seconds in [0, " + MAX_EPOCH_SECONDS + "]");
    }
    return Instant.ofEpochSecond(seconds);
  }

  /** Creates a verification failure. */
  static CredentialVerificationException failure(Failure failure, String message) {
    return new CredentialVerificationException(failure, message);
  }
}
