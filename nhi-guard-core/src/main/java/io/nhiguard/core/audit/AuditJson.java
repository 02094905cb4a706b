package io.nhiguard.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.SafeText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The canonical JSON form of audit records: the bytes that are hashed and the line written to a
 * JSON Lines file.
 *
 * <p><b>Canonical form.</b> One JSON object, no white space, fields in a fixed order, map keys
 * (obligations, details) sorted, instants in ISO-8601 ({@link Instant#toString()}), and every
 * character outside printable ASCII escaped as {@code &#92;uXXXX} (Jackson's {@code
 * ESCAPE_NON_ASCII}; control characters are always escaped by JSON). The text is therefore pure
 * ASCII: a value can never contain a raw line feed, carriage return, U+2028, U+2029, NUL or terminal
 * escape, so it can never forge a second record or rewrite a terminal. The record line is:
 *
 * <pre>{@code
 * {"sequence":1,"previousHash":"00..00","keyId":"","event":{"type":"DECISION","time":"...",
 *  "decisionId":"...","callId":"...","agent":"...","owner":"...","taskId":"...",
 *  "delegationChain":[],"toolName":"...","arguments":"...","argumentDigest":"...","policyId":"...",
 *  "policyVersion":"...","decision":"PERMIT","reasonCode":"...","ruleIds":[],"errors":[],
 *  "obligations":{},"leaseId":"","outcome":"PERMITTED","durationNanos":0,"enforced":true,
 *  "facts":"...","details":{}},"hash":"...","signature":""}
 * }</pre>
 *
 * <p>The <b>canonical bytes</b> of a record are the same object without {@code hash} and {@code
 * signature} (so they include the sequence, the previous hash and the key id), as UTF-8 (which, the
 * text being ASCII, is one byte per character). The record hash is the SHA-256 of these bytes (FIPS
 * 180-4) in lowercase hexadecimal.
 *
 * <p><b>Strict reading.</b> {@link #parseLine(String)} accepts a line only if it is byte for byte
 * the canonical serialization of the record it decodes to; any other spelling of the same JSON
 * value (another escape, white space, field order, a duplicate key) is rejected, so every change of
 * a byte in a log is detected at its line.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class AuditJson {

  /** The previous-hash value of the first record of a chain: 64 zeros. */
  public static final String GENESIS_HASH = "0".repeat(64);

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final ObjectMapper READER =
      JsonMapper.builder(FACTORY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final HexFormat HEX = HexFormat.of();

  private AuditJson() {}

  /**
   * Returns the canonical bytes that a record's hash covers.
   *
   * @param sequence the sequence number, at least 1
   * @param event the event
   * @param previousHash the previous record's hash (64 lowercase hex characters)
   * @param keyId the signing key id, or {@code ""}
   * @return the canonical bytes (ASCII)
   * @throws NullPointerException if an argument is null
   */
  public static byte[] canonicalBytes(long sequence, AuditEvent event, String previousHash, String keyId) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(keyId, "keyId");
    return write(sequence, event, previousHash, keyId, null, null);
  }

  /**
   * Returns the canonical bytes of a record (everything but its hash and signature).
   *
   * @param record the record
   * @return the canonical bytes (ASCII)
   * @throws NullPointerException if {@code record} is null
   */
  public static byte[] canonicalBytes(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    return canonicalBytes(record.sequence(), record.event(), record.previousHash(), record.keyId());
  }

  /**
   * Computes a record hash: SHA-256 of the canonical bytes, lowercase hexadecimal.
   *
   * @param sequence the sequence number
   * @param event the event
   * @param previousHash the previous record's hash
   * @param keyId the signing key id, or {@code ""}
   * @return 64 lowercase hexadecimal characters
   * @throws NullPointerException if an argument is null
   */
  public static String hash(long sequence, AuditEvent event, String previousHash, String keyId) {
    return HEX.formatHex(sha256(canonicalBytes(sequence, event, previousHash, keyId)));
  }

  /**
   * Recomputes the hash a record should carry (its {@link AuditRecord#hash()} is ignored).
   *
   * @param record the record
   * @return 64 lowercase hexadecimal characters
   * @throws NullPointerException if {@code record} is null
   */
  public static String expectedHash(AuditRecord record) {
    return HEX.formatHex(sha256(canonicalBytes(record)));
  }

  /**
   * Serializes a record as one canonical JSON Lines line, without the line feed.
   *
   * @param record the record
   * @return the line (ASCII, no control characters)
   * @throws NullPointerException if {@code record} is null
   */
  public static String line(AuditRecord record) {
    Objects.requireNonNull(record, "record");
    byte[] bytes =
        write(record.sequence(), record.event(), record.previousHash(), record.keyId(), record.hash(), record.signature());
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /**
   * Parses one canonical line back into a record, strictly (see the class documentation). The hash
   * is not checked here; {@link AuditVerifier} does that.
   *
   * @param line the line, without the line feed
   * @return the record
   * @throws MalformedAuditLogException if the line is not a canonical record line
   * @throws NullPointerException if {@code line} is null
   */
  public static AuditRecord parseLine(String line) {
    return parseLine(Objects.requireNonNull(line, "line"), 0);
  }

  static AuditRecord parseLine(String line, long lineNumber) {
    JsonNode root;
    try {
      root = READER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new MalformedAuditLogException(
          lineNumber, at(lineNumber) + "is not strict JSON: " + SafeText.quote(e.getOriginalMessage()) + "; the log was damaged or edited", e);
    }
    if (root == null || !root.isObject()) {
      throw malformed(lineNumber, "is not a JSON object");
    }
    AuditRecord record;
    try {
      JsonNode event = field(root, "event", lineNumber);
      if (!event.isObject()) {
        throw malformed(lineNumber, "field 'event' is not an object");
      }
      record =
          new AuditRecord(
              longField(root, "sequence", lineNumber),
              readEvent(event, lineNumber),
              text(root, "previousHash", lineNumber),
              text(root, "hash", lineNumber),
              text(root, "keyId", lineNumber),
              text(root, "signature", lineNumber));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new MalformedAuditLogException(
          lineNumber, at(lineNumber) + "holds an invalid value: " + SafeText.quote(e.getMessage()), e);
    }
    if (!line(record).equals(line)) {
      throw malformed(
          lineNumber, "is not in canonical form (field order, escapes, white space or unknown fields differ)");
    }
    return record;
  }

  private static AuditEvent readEvent(JsonNode n, long lineNumber) {
    return new AuditEvent(
        AuditEvent.Type.valueOf(text(n, "type", lineNumber)),
        Instant.parse(text(n, "time", lineNumber)),
        text(n, "decisionId", lineNumber),
        text(n, "callId", lineNumber),
        text(n, "agent", lineNumber),
        text(n, "owner", lineNumber),
        text(n, "taskId", lineNumber),
        texts(n, "delegationChain", lineNumber),
        text(n, "toolName", lineNumber),
        text(n, "arguments", lineNumber),
        text(n, "argumentDigest", lineNumber),
        text(n, "policyId", lineNumber),
        text(n, "policyVersion", lineNumber),
        text(n, "decision", lineNumber),
        text(n, "reasonCode", lineNumber),
        texts(n, "ruleIds", lineNumber),
        texts(n, "errors", lineNumber),
        textMap(n, "obligations", lineNumber),
        text(n, "leaseId", lineNumber),
        AuditEvent.Outcome.valueOf(text(n, "outcome", lineNumber)),
        longField(n, "durationNanos", lineNumber),
        bool(n, "enforced", lineNumber),
        text(n, "facts", lineNumber),
        textMap(n, "details", lineNumber));
  }

  private static JsonNode field(JsonNode n, String name, long lineNumber) {
    JsonNode v = n.get(name);
    if (v == null) {
      throw malformed(lineNumber, "lacks the field '" + name + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String name, long lineNumber) {
    JsonNode v = field(n, name, lineNumber);
    if (!v.isTextual()) {
      throw malformed(lineNumber, "field '" + name + "' is not a string");
    }
    return v.textValue();
  }

  private static long longField(JsonNode n, String name, long lineNumber) {
    JsonNode v = field(n, name, lineNumber);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw malformed(lineNumber, "field '" + name + "' is not a 64-bit integer");
    }
    return v.longValue();
  }

  private static boolean bool(JsonNode n, String name, long lineNumber) {
    JsonNode v = field(n, name, lineNumber);
    if (!v.isBoolean()) {
      throw malformed(lineNumber, "field '" + name + "' is not a boolean");
    }
    return v.booleanValue();
  }

  private static List<String> texts(JsonNode n, String name, long lineNumber) {
    JsonNode v = field(n, name, lineNumber);
    if (!v.isArray()) {
      throw malformed(lineNumber, "field '" + name + "' is not an array");
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw malformed(lineNumber, "field '" + name + "' holds a non-string element");
      }
      out.add(e.textValue());
    }
    return out;
  }

  private static Map<String, String> textMap(JsonNode n, String name, long lineNumber) {
    JsonNode v = field(n, name, lineNumber);
    if (!v.isObject()) {
      throw malformed(lineNumber, "field '" + name + "' is not an object");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isTextual()) {
        throw malformed(lineNumber, "field '" + name + "' holds a non-string value");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static MalformedAuditLogException malformed(long lineNumber, String what) {
    return new MalformedAuditLogException(
        lineNumber, at(lineNumber) + what + "; expected a canonical audit record line (the log was damaged or edited)");
  }

  private static String at(long lineNumber) {
    return lineNumber > 0 ? "Audit log line " + lineNumber + " " : "Audit record line ";
  }

  private static byte[] write(
      long sequence, AuditEvent e, String previousHash, String keyId, String hash, String signature) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + e.facts().length() + e.arguments().length());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("sequence", sequence);
      g.writeStringField("previousHash", previousHash);
      g.writeStringField("keyId", keyId);
      g.writeFieldName("event");
      g.writeStartObject();
      g.writeStringField("type", e.type().name());
      g.writeStringField("time", e.time().toString());
      g.writeStringField("decisionId", e.decisionId());
      g.writeStringField("callId", e.callId());
      g.writeStringField("agent", e.agent());
      g.writeStringField("owner", e.owner());
      g.writeStringField("taskId", e.taskId());
      writeList(g, "delegationChain", e.delegationChain());
      g.writeStringField("toolName", e.toolName());
      g.writeStringField("arguments", e.arguments());
      g.writeStringField("argumentDigest", e.argumentDigest());
      g.writeStringField("policyId", e.policyId());
      g.writeStringField("policyVersion", e.policyVersion());
      g.writeStringField("decision", e.decision());
      g.writeStringField("reasonCode", e.reasonCode());
      writeList(g, "ruleIds", e.ruleIds());
      writeList(g, "errors", e.errors());
      writeMap(g, "obligations", e.obligations());
      g.writeStringField("leaseId", e.leaseId());
      g.writeStringField("outcome", e.outcome().name());
      g.writeNumberField("durationNanos", e.durationNanos());
      g.writeBooleanField("enforced", e.enforced());
      g.writeStringField("facts", e.facts());
      writeMap(g, "details", e.details());
      g.writeEndObject();
      if (hash != null) {
        g.writeStringField("hash", hash);
        g.writeStringField("signature", signature);
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException("Writing to memory failed", ex);
    }
    return out.toByteArray();
  }

  private static void writeList(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void writeMap(JsonGenerator g, String name, Map<String, String> values) throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) {
      g.writeStringField(entry.getKey(), entry.getValue());
    }
    g.writeEndObject();
  }

  /**
   * Computes the hash a record should carry straight from its canonical line: the canonical bytes
   * are the line up to its {@code ,"hash":"} field, closed with a brace. Only valid for a line
   * that {@link #parseLine} accepted. Inside a string value a quote is always escaped, so the
   * marker cannot occur there.
   */
  static String expectedHashOfCanonicalLine(String line) {
    int cut = line.lastIndexOf(",\"hash\":\"");
    byte[] bytes = new byte[cut + 1];
    for (int i = 0; i < cut; i++) {
      bytes[i] = (byte) line.charAt(i);
    }
    bytes[cut] = '}';
    return HEX.formatHex(sha256(bytes));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
