package io.nhiguard.core.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.nhiguard.api.PolicyDefinitionException;
import io.nhiguard.api.SafeText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value with the line and column it started at, so that every load error
 * can name {@code file:line:column}. Duplicate keys are rejected. Immutable once read.
 */
final class SourceNode {

  /** Largest policy accepted, in characters (SnakeYAML's default code point limit). */
  static final int MAX_CHARS = 3 * 1024 * 1024;

  private static final int MAX_DEPTH = 64;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxDocumentLength(MAX_CHARS).build();

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).streamReadConstraints(LIMITS).build();

  private static final YAMLFactory YAML =
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).streamReadConstraints(LIMITS).build();

  enum Kind { MAP, LIST, STRING, NUMBER, BOOLEAN, NULL }

  final Kind kind;
  final String text;
  final Map<String, SourceNode> fields;
  final Map<String, SourceNode> keys;
  final List<SourceNode> items;
  final String source;
  final int line;
  final int column;

  private SourceNode(Kind kind, String text, Map<String, SourceNode> fields, Map<String, SourceNode> keys,
      List<SourceNode> items, String source, int line, int column) {
    this.kind = kind;
    this.text = text;
    this.fields = fields;
    this.keys = keys;
    this.items = items;
    this.source = source;
    this.line = line;
    this.column = column;
  }

  /** Reads one document: JSON when the name ends in .json or the text starts with '{', else YAML. */
  static SourceNode read(String source, String text) {
    if (text.length() > MAX_CHARS) {
      throw new PolicyDefinitionException(source, 0, 0, "the policy is " + text.length()
          + " characters long, above the limit of " + MAX_CHARS + "; split it");
    }
    boolean json = source.endsWith(".json") || text.stripLeading().startsWith("{");
    try (JsonParser p = (json ? JSON : YAML).createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new PolicyDefinitionException(source, 1, 1, "the policy is empty");
      }
      SourceNode root = readValue(p, source, 0);
      JsonToken next = p.nextToken();
      if (next != null) {
        JsonLocation l = p.currentTokenLocation();
        throw new PolicyDefinitionException(source, l.getLineNr(), l.getColumnNr(),
            "trailing content after the policy document; a policy is exactly one document");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      int line = l == null ? 0 : Math.max(l.getLineNr(), 0);
      int column = l == null ? 0 : Math.max(l.getColumnNr(), 0);
      throw new PolicyDefinitionException(source, line, column, "not valid " + (json ? "JSON" : "YAML") + ": "
          + SafeText.quote(firstLine(e.getOriginalMessage())));
    } catch (IOException e) {
      throw new PolicyDefinitionException(source, 0, 0, "unreadable: " + SafeText.quote(firstLine(e.getMessage())));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static SourceNode readValue(JsonParser p, String source, int depth) throws IOException {
    JsonLocation l = p.currentTokenLocation();
    int line = l.getLineNr();
    int column = l.getColumnNr();
    if (depth > MAX_DEPTH) {
      throw new PolicyDefinitionException(source, line, column, "nesting deeper than " + MAX_DEPTH + " levels");
    }
    JsonToken t = p.currentToken();
    if (p instanceof YAMLParser) {
      YAMLParser y = (YAMLParser) p;
      if (y.isCurrentAlias() || y.getObjectId() != null) {
        throw new PolicyDefinitionException(source, line, column,
            "YAML anchors and aliases are not supported in policies; write each value out");
      }
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, SourceNode> fields = new LinkedHashMap<>();
        Map<String, SourceNode> keys = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          JsonLocation kl = p.currentTokenLocation();
          String name = p.currentName();
          SourceNode key = new SourceNode(Kind.STRING, name, null, null, null, source, kl.getLineNr(), kl.getColumnNr());
          if (fields.containsKey(name)) {
            throw new PolicyDefinitionException(source, kl.getLineNr(), kl.getColumnNr(),
                "duplicate key '" + SafeText.quote(name) + "'; each key may appear once");
          }
          p.nextToken();
          fields.put(name, readValue(p, source, depth + 1));
          keys.put(name, key);
        }
        return new SourceNode(Kind.MAP, null, Collections.unmodifiableMap(fields), Collections.unmodifiableMap(keys),
            null, source, line, column);
      }
      case START_ARRAY: {
        List<SourceNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(p, source, depth + 1));
        }
        return new SourceNode(Kind.LIST, null, null, null, Collections.unmodifiableList(items), source, line, column);
      }
      case VALUE_STRING:
        return new SourceNode(Kind.STRING, p.getText(), null, null, null, source, line, column);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new SourceNode(Kind.NUMBER, p.getText(), null, null, null, source, line, column);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new SourceNode(Kind.BOOLEAN, p.getText(), null, null, null, source, line, column);
      case VALUE_NULL:
        return new SourceNode(Kind.NULL, null, null, null, null, source, line, column);
      default:
        throw new PolicyDefinitionException(source, line, column, "unexpected " + t);
    }
  }

  /** An error at this node. */
  PolicyDefinitionException error(String problem) {
    return new PolicyDefinitionException(source, line, column, problem);
  }

  String kindName() {
    switch (kind) {
      case MAP:
        return "a mapping";
      case LIST:
        return "a list";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return "a string";
    }
  }
}
