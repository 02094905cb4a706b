package io.nhiguard.langchain4j;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.ToolDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A policy for tests: a catalogue, permit rules with optional conditions, escalate rules; default deny. */
final class FakePolicy implements PolicyDecisionPoint {
  private final Map<String, ToolDescriptor> catalogue = new ConcurrentHashMap<>();
  private final Map<String, Predicate<AuthorizationRequest>> permits = new ConcurrentHashMap<>();
  private final Set<String> escalations = ConcurrentHashMap.newKeySet();
  private volatile Consumer<AuthorizationRequest> onDecide = r -> {};

  FakePolicy tool(ToolDescriptor descriptor) {
    catalogue.put(descriptor.name(), descriptor);
    return this;
  }

  FakePolicy permit(String tool) {
    return permitIf(tool, r -> true);
  }

  FakePolicy permitIf(String tool, Predicate<AuthorizationRequest> condition) {
    permits.put(tool, condition);
    return this;
  }

  FakePolicy escalate(String tool) {
    escalations.add(tool);
    return this;
  }

  FakePolicy onDecide(Consumer<AuthorizationRequest> hook) {
    this.onDecide = hook;
    return this;
  }

  @Override
  public Decision decide(AuthorizationRequest request) {
    onDecide.accept(request);
    String tool = request.call().toolName();
    String digest = request.arguments().digest();
    String id = "dec-" + UUID.randomUUID();
    if (escalations.contains(tool)) {
      return new Decision.Escalate(
          id, ReasonCode.ESCALATION_REQUIRED, List.of("escalate-" + tool), new Obligations(null, Set.of(), "owner"), List.of(),
          policyId(), versionDigest(), digest, List.of(), "Escalated by rule escalate-" + tool);
    }
    Predicate<AuthorizationRequest> condition = permits.get(tool);
    if (condition != null && condition.test(request)) {
      return new Decision.Permit(
          id, ReasonCode.PERMITTED_BY_RULE, List.of("permit-" + tool), Obligations.NONE, List.of(), policyId(), versionDigest(), digest,
          List.of(), "Permitted by rule permit-" + tool);
    }
    return new Decision.Deny(
        id, ReasonCode.DEFAULT_DENY, List.of(), Obligations.NONE, List.of(), policyId(), versionDigest(), digest, List.of(),
        "No rule permits " + tool + " (secret-rule-internals)");
  }

  @Override
  public String policyId() {
    return "test-policy";
  }

  @Override
  public String versionDigest() {
    return "v1";
  }

  @Override
  public Map<String, ToolDescriptor> catalogue() {
    return Map.copyOf(catalogue);
  }
}
