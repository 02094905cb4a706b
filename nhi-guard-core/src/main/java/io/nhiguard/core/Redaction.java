package io.nhiguard.core;

import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.ToolDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Redacts argument values before they reach the audit log. Stateless and thread-safe. */
final class Redaction {
  static final String MARKER = "<redacted>";

  private Redaction() {}

  static String redact(CanonicalArguments args, ToolDescriptor tool, Obligations obligations) {
    Map<String, Object> out = new LinkedHashMap<>(args.values());
    boolean changed = false;
    for (String name : args.values().keySet()) {
      boolean secret = tool != null && tool.argumentRoles().get(name) == ArgumentRole.SECRET;
      if (secret || obligations.redactedArguments().contains(name) || looksSecret(name)) {
        out.put(name, MARKER);
        changed = true;
      }
    }
    return changed ? ArgumentCanonicalizer.of(out).canonicalJson() : args.canonicalJson();
  }

  private static boolean looksSecret(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.contains("password") || n.contains("secret") || n.contains("token") || n.contains("api_key")
        || n.contains("apikey") || n.contains("private_key") || n.contains("authorization");
  }
}
