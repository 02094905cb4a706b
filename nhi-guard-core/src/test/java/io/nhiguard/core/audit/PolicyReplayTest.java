package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.ReasonCode;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.ToolDescriptor;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

final class PolicyReplayTest {

  private static final FakePdp PRODUCTION = new FakePdp(Set.of("mail.send", "files.read", "pay.transfer"), "v1");
  private static final FakePdp STRICTER = new FakePdp(Set.of("mail.send", "files.read"), "v2");
  private static final FakePdp LOOSER = new FakePdp(Set.of("mail.send", "files.read", "pay.transfer", "vault.login"), "v3");

  /** One generated call: tool, arguments and the facts around it. */
  record Call(ToolDescriptor tool, String to, String amount, LifecycleState state, boolean untrusted, Provenance toProvenance,
      String spent, boolean delegated, boolean open) {

    AuthorizationRequest request() {
      Map<String, Object> args;
      if (tool == TestRequests.PAY) {
        args = Map.of("to", to, "amount", new BigDecimal(amount));
      } else if (tool == TestRequests.MAIL) {
        args = Map.of("to", to, "body", "invoice \n attached", "cc", List.of(to, "x@y.example"));
      } else {
        args = Map.of("path", "/docs/" + to);
      }
      TestRequests.Task task = new TestRequests.Task(untrusted, new BigDecimal(spent), Map.of(to, toProvenance), delegated, open);
      return TestRequests.request(tool, args, state, task);
    }
  }

  @Provide
  Arbitrary<Call> calls() {
    return Combinators.combine(
            Arbitraries.of(TestRequests.MAIL, TestRequests.READ, TestRequests.PAY),
            Arbitraries.of("bob@acme.example", "eve@evil.example", "ap@acme.example"),
            Arbitraries.of("1", "99.99", "450", "0.01"),
            Arbitraries.of(LifecycleState.ACTIVE, LifecycleState.ACTIVE, LifecycleState.SUSPENDED),
            Arbitraries.of(true, false),
            Arbitraries.of(Provenance.values()),
            Arbitraries.of("0", "60.5"),
            Arbitraries.of(true, false))
        .flatAs((tool, to, amount, state, untrusted, prov, spent, delegated) ->
            Arbitraries.of(true, true, false).map(open -> new Call(tool, to, amount, state, untrusted, prov, spent, delegated, open)));
  }

  private static List<AuditRecord> record(List<Call> calls, FakePdp pdp, List<Decision> decisions) {
    InMemoryAuditSink sink = new InMemoryAuditSink();
    try (AuditLog log = AuditLog.builder().sink(sink).build()) {
      for (Call c : calls) {
        AuthorizationRequest r = c.request();
        Decision d = pdp.decide(r);
        decisions.add(d);
        log.append(TestRequests.decisionEvent(r, d));
        log.append(AuditEvent.builder(AuditEvent.Type.OUTCOME, r.time()).decisionId(d.decisionId()).outcome(AuditEvent.Outcome.EXECUTED).build());
      }
      log.flush();
      assertThat(log.appendedCount()).isEqualTo(2L * calls.size());
      assertThat(log.writtenCount()).isEqualTo(2L * calls.size());
    }
    return sink.records();
  }

  @Property(tries = 200)
  void replayWhenSamePolicyThenNothingFlips(@ForAll @Size(min = 1, max = 12) List<@From("calls") Call> calls) {
    List<Decision> decisions = new ArrayList<>();
    List<AuditRecord> log = record(calls, PRODUCTION, decisions);

    ReplayReport report = PolicyReplay.against(PRODUCTION).replay(log);

    assertThat(report.flips()).isEmpty();
    assertThat(report.replayed()).isEqualTo(calls.size());
    assertThat(report.skippedNonDecision()).isEqualTo(calls.size());
    assertThat(report.notReplayable()).isEmpty();
    report.assertNoFlips();
  }

  @Property(tries = 200)
  void replayWhenStricterPolicyThenExactlyTheRemovedToolsFlip(@ForAll @Size(min = 1, max = 12) List<@From("calls") Call> calls) {
    List<Decision> decisions = new ArrayList<>();
    List<AuditRecord> log = record(calls, PRODUCTION, decisions);

    ReplayReport report = PolicyReplay.against(STRICTER).replay(log);

    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Decision d = decisions.get(i);
      Call c = calls.get(i);
      boolean reachesToolCheck = c.state() == LifecycleState.ACTIVE && c.open();
      if (c.tool() == TestRequests.PAY && reachesToolCheck && !(d instanceof Decision.Deny)) {
        expected.add(2L * i + 1);
      }
    }
    assertThat(report.flips()).extracting(Flip::sequence).containsExactlyElementsOf(expected);
    assertThat(report.flips()).allSatisfy(f -> {
      assertThat(f.toKind()).isEqualTo("DENY");
      assertThat(f.toReason()).isEqualTo("DEFAULT_DENY");
      assertThat(f.toolName()).isEqualTo("pay.transfer");
    });
    assertThat(report.loosenings()).isEmpty();
  }

  @Test
  void assertNoFlipsWhenFlipsThenThrowsWithATable() {
    Call pay = new Call(TestRequests.PAY, "bob@acme.example", "10", LifecycleState.ACTIVE, false, Provenance.TRUSTED, "0", false, true);
    Call mail = new Call(TestRequests.MAIL, "bob@acme.example", "1", LifecycleState.ACTIVE, false, Provenance.TRUSTED, "0", false, true);
    List<AuditRecord> log = record(List.of(mail, pay), PRODUCTION, new ArrayList<>());

    ReplayReport report = PolicyReplay.against(STRICTER).replay(log);

    assertThat(report.flipsOnly("PERMIT", "DENY")).hasSize(1);
    assertThat(report.flipsOnly("DENY", "PERMIT")).isEmpty();
    Flip flip = report.flips().get(0);
    assertThat(flip.sequence()).isEqualTo(3);
    assertThat(flip.fromRules()).containsExactly("allow-pay.transfer");
    assertThat(flip.toRules()).isEmpty();
    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(report::assertNoFlips)
        .withMessageStartingWith("1 of 2 replayed decisions would flip under the candidate policy:")
        .withMessageContaining("| 3 | dec-call-")
        .withMessageContaining("| pay.transfer | spiffe://example.org/agent/mailer | PERMIT PERMITTED_BY_RULE | DENY DEFAULT_DENY | allow-pay.transfer |  |");
    report.assertNoLoosening();
  }

  @Test
  void replayWhenLooserPolicyThenLooseningIsReported() {
    Call read = new Call(TestRequests.READ, "a.txt", "1", LifecycleState.ACTIVE, false, Provenance.TRUSTED, "0", false, true);
    Call mail = new Call(TestRequests.MAIL, "eve@evil.example", "1", LifecycleState.ACTIVE, false, Provenance.TRUSTED, "0", false, true);
    List<AuditRecord> log = record(List.of(read, mail), new FakePdp(Set.of(), "v0"), new ArrayList<>());

    ReplayReport report = PolicyReplay.against(LOOSER).replay(log);

    assertThat(report.loosenings()).extracting(Flip::toolName).containsExactly("files.read", "mail.send");
    assertThatExceptionOfType(AssertionError.class).isThrownBy(report::assertNoLoosening)
        .withMessageStartingWith("2 of 2 replayed decisions would newly be permitted:");
  }

  @Test
  void replayWhenArgumentsRedactedThenReportedNotReplayable() {
    TestRequests.Task task = new TestRequests.Task(false, BigDecimal.ZERO, Map.of(), false, true);
    AuthorizationRequest r = TestRequests.request(TestRequests.LOGIN, Map.of("user", "svc", "password", "hunter2"), LifecycleState.ACTIVE, task);
    InMemoryAuditSink sink = new InMemoryAuditSink();
    try (AuditLog log = AuditLog.builder().sink(sink).synchronous().build()) {
      log.append(TestRequests.decisionEvent(r, LOOSER.decide(r)));
    }
    assertThat(AuditJson.line(sink.records().get(0))).doesNotContain("hunter2");

    ReplayReport report = PolicyReplay.against(PRODUCTION).replay(sink.records());

    assertThat(report.replayed()).isZero();
    assertThat(report.skipped()).isEqualTo(1);
    assertThat(report.notReplayable()).singleElement().satisfies(s -> {
      assertThat(s.sequence()).isEqualTo(1);
      assertThat(s.reason()).contains("has redacted argument values");
    });
  }

  @Test
  void replayWhenReadFromJsonLinesFileThenSameReport(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Call pay = new Call(TestRequests.PAY, "bob@acme.example", "10", LifecycleState.ACTIVE, false, Provenance.TRUSTED, "0", true, true);
    List<AuditRecord> records = record(List.of(pay, pay), PRODUCTION, new ArrayList<>());
    Path file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
      records.forEach(sink::write);
    }
    assertThat(Files.size(file)).isPositive();

    assertThat(PolicyReplay.against(STRICTER).replay(file)).isEqualTo(PolicyReplay.against(STRICTER).replay(records));
    assertThat(PolicyReplay.against(PRODUCTION).replay(file).flips()).isEmpty();
  }

  private static Decision guardDecision(Decision policy, String kind, ReasonCode code) {
    if (kind.equals("PERMIT")) {
      return new Decision.Permit("g-" + policy.decisionId(), code, policy.ruleIds(), Obligations.NONE, List.of(), policy.policyId(),
          policy.policyVersion(), policy.argumentDigest(), List.of(), "guard");
    }
    return new Decision.Deny("g-" + policy.decisionId(), code, policy.ruleIds(), Obligations.NONE, List.of(), policy.policyId(),
        policy.policyVersion(), policy.argumentDigest(), List.of(), "guard");
  }

  @Test
  void replayWhenGuardFollowUpsAndOverridesThenOnlyPolicyDecisionsAreCompared() {
    TestRequests.Task trusted = new TestRequests.Task(false, BigDecimal.ZERO, Map.of("bob@acme.example", Provenance.TRUSTED), false, true);
    TestRequests.Task untrusted = new TestRequests.Task(true, BigDecimal.ZERO, Map.of("bob@acme.example", Provenance.TRUSTED), false, true);
    AuthorizationRequest permitted = TestRequests.request(TestRequests.MAIL, Map.of("to", "bob@acme.example"), LifecycleState.ACTIVE, trusted);
    AuthorizationRequest escalated = TestRequests.request(TestRequests.MAIL, Map.of("to", "bob@acme.example"), LifecycleState.ACTIVE, untrusted);
    AuthorizationRequest overridden = TestRequests.request(TestRequests.MAIL, Map.of("to", "bob@acme.example"), LifecycleState.ACTIVE, trusted);
    Decision p1 = PRODUCTION.decide(permitted);
    Decision p2 = PRODUCTION.decide(escalated);
    Decision p3 = PRODUCTION.decide(overridden);
    assertThat(p2.kind()).isEqualTo("ESCALATE");
    InMemoryAuditSink sink = new InMemoryAuditSink();
    try (AuditLog log = AuditLog.builder().sink(sink).synchronous().build()) {
      log.append(TestRequests.decisionEvent(permitted, p1));
      log.append(TestRequests.decisionEvent(permitted, guardDecision(p1, "DENY", ReasonCode.CREDENTIAL_UNAVAILABLE)));
      log.append(TestRequests.decisionEvent(escalated, guardDecision(p2, "PERMIT", ReasonCode.PERMITTED_BY_APPROVAL)));
      log.append(TestRequests.decisionEvent(overridden, guardDecision(p3, "DENY", ReasonCode.DELEGATION_SCOPE_EXCEEDED)));
    }

    ReplayReport same = PolicyReplay.against(PRODUCTION).replay(sink.records());

    assertThat(same.flips()).isEmpty();
    assertThat(same.skippedFollowUps()).isEqualTo(1);
    assertThat(same.replayed()).isEqualTo(2);
    assertThat(same.notReplayable()).singleElement().satisfies(s -> {
      assertThat(s.sequence()).isEqualTo(4);
      assertThat(s.reason()).startsWith("denied by the delegation check of the delegating agents");
    });

    ReplayReport none = PolicyReplay.against(new FakePdp(Set.of(), "v0")).replay(sink.records());
    assertThat(none.flips()).extracting(Flip::sequence).containsExactly(1L, 3L);
    assertThat(none.flips().get(1).fromKind()).isEqualTo("ESCALATE");
    assertThat(none.notReplayable()).isEmpty();
  }

  @Test
  void replayWhenCandidateThrowsThenCountsAsDeny() {
    Call mail = new Call(TestRequests.MAIL, "bob@acme.example", "1", LifecycleState.ACTIVE, false, Provenance.TRUSTED, "0", false, true);
    List<AuditRecord> log = record(List.of(mail), PRODUCTION, new ArrayList<>());
    io.nhiguard.api.PolicyDecisionPoint broken = new io.nhiguard.api.PolicyDecisionPoint() {
      @Override
      public Decision decide(AuthorizationRequest r) {
        throw new IllegalStateException("boom");
      }

      @Override
      public String policyId() {
        return "broken";
      }

      @Override
      public String versionDigest() {
        return "x";
      }

      @Override
      public Map<String, ToolDescriptor> catalogue() {
        return Map.of();
      }
    };
    ReplayReport report = PolicyReplay.against(broken).replay(log);
    assertThat(report.flips()).singleElement().satisfies(f -> assertThat(f.toReason()).isEqualTo("INTERNAL_ERROR"));
  }
}
