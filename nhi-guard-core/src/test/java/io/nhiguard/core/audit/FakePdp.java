package io.nhiguard.core.audit;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.ToolDescriptor;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small deterministic policy over the request facts: active identity, open task, tool allow-list,
 * escalation of mutating calls after untrusted content, trusted recipients, spending cap and
 * delegation scope.
 */
final class FakePdp implements PolicyDecisionPoint {

  private final Set<String> permittedTools;
  private final String version;

  FakePdp(Set<String> permittedTools, String version) {
    this.permittedTools = Set.copyOf(permittedTools);
    this.version = version;
  }

  @Override
  public Decision decide(AuthorizationRequest r) {
    String id = "dec-" + r.call().callId();
    String digest = r.arguments().digest();
    if (r.identity().state() != LifecycleState.ACTIVE) {
      return deny(id, ReasonCode.IDENTITY_NOT_ACTIVE, List.of(), digest);
    }
    if (!r.task().isOpenAt(r.time())) {
      return deny(id, ReasonCode.TASK_CLOSED, List.of(), digest);
    }
    if (!permittedTools.contains(r.tool().name())) {
      return deny(id, ReasonCode.DEFAULT_DENY, List.of(), digest);
    }
    if (!r.task().delegation().map(d -> d.effectiveScope().allowsTool(r.tool().name())).orElse(true)) {
      return deny(id, ReasonCode.DELEGATION_SCOPE_EXCEEDED, List.of("scope"), digest);
    }
    if (r.arguments().text("to").map(to -> r.task().history().provenanceOf(to) != Provenance.TRUSTED).orElse(false)) {
      return deny(id, ReasonCode.FORBIDDEN_BY_RULE, List.of("to-must-be-trusted"), digest);
    }
    BigDecimal amount = r.arguments().text("amount").map(BigDecimal::new).orElse(BigDecimal.ZERO);
    BigDecimal cap = r.task().intent().spendingCap();
    if (cap != null && r.task().history().totalAmount().add(amount).compareTo(cap) > 0) {
      return deny(id, ReasonCode.FORBIDDEN_BY_RULE, List.of("spending-cap"), digest);
    }
    if (r.tool().action().isMutating() && r.task().history().untrustedContentSeen()) {
      return new Decision.Escalate(id, ReasonCode.ESCALATION_REQUIRED, List.of("untrusted-then-mutate"), Obligations.NONE,
          List.of(), policyId(), version, digest, r.task().delegationChain(), "escalate");
    }
    return new Decision.Permit(id, ReasonCode.PERMITTED_BY_RULE, List.of("allow-" + r.tool().name()), Obligations.NONE,
        List.of(), policyId(), version, digest, r.task().delegationChain(), "permit");
  }

  private Decision deny(String id, ReasonCode code, List<String> rules, String digest) {
    return new Decision.Deny(id, code, rules, Obligations.NONE, List.of(), policyId(), version, digest, List.of(), "deny");
  }

  @Override
  public String policyId() {
    return "fake";
  }

  @Override
  public String versionDigest() {
    return version;
  }

  @Override
  public Map<String, ToolDescriptor> catalogue() {
    return Map.of(TestRequests.MAIL.name(), TestRequests.MAIL, TestRequests.READ.name(), TestRequests.READ,
        TestRequests.PAY.name(), TestRequests.PAY, TestRequests.LOGIN.name(), TestRequests.LOGIN);
  }
}
