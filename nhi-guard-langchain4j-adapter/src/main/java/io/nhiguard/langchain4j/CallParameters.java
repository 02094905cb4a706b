package io.nhiguard.langchain4j;

import dev.langchain4j.invocation.InvocationParameters;
import io.nhiguard.api.IssuedCredential;
import java.util.Map;
import java.util.Objects;

/**
 * The invocation parameters one guarded tool call sees: every entry of the AI-service call's shared
 * parameters (reads and writes go through to them), plus the credential leased for this call only,
 * under {@link GuardContext#CREDENTIAL}. Concurrent tools of one invocation each get their own view,
 * so a credential never leaks to another call.
 *
 * <p>Thread-safe as the shared parameters are (a concurrent map).
 */
final class CallParameters extends InvocationParameters {

  private final InvocationParameters shared;
  private final IssuedCredential credential;

  CallParameters(InvocationParameters shared, IssuedCredential credential) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.credential = credential;
  }

  IssuedCredential credential() {
    return credential;
  }

  @Override
  public Map<String, Object> asMap() {
    return shared.asMap();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(String key) {
    if (GuardContext.CREDENTIAL.equals(key)) {
      return (T) credential;
    }
    return shared.get(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getOrDefault(String key, T defaultValue) {
    if (GuardContext.CREDENTIAL.equals(key)) {
      return credential == null ? defaultValue : (T) credential;
    }
    return shared.getOrDefault(key, defaultValue);
  }

  @Override
  public <T> void put(String key, T value) {
    if (GuardContext.CREDENTIAL.equals(key)) {
      throw new IllegalArgumentException(
          "'" + GuardContext.CREDENTIAL + "' is set by the guard for each call and cannot be written by a tool");
    }
    shared.put(key, value);
  }

  @Override
  public boolean containsKey(String key) {
    return GuardContext.CREDENTIAL.equals(key) ? credential != null : shared.containsKey(key);
  }

  @Override
  public boolean equals(Object object) {
    return this == object;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "CallParameters[keys=" + shared.asMap().keySet() + ", credential=" + (credential == null ? "none" : "<redacted>") + "]";
  }
}
