package io.nhiguard.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.Provenance;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class RequestFactsTest {

  private static final FakePdp PDP = new FakePdp(java.util.Set.of("mail.send", "pay.transfer"), "v1");

  @Test
  void rebuildWhenRecordedThenRequestCarriesTheSameFacts() {
    TestRequests.Task task =
        new TestRequests.Task(true, new BigDecimal("12.50"),
            Map.of("bob@acme.example", Provenance.TRUSTED, "eve@evil.example", Provenance.UNTRUSTED), true, true);
    AuthorizationRequest original =
        TestRequests.request(TestRequests.MAIL,
            Map.of("to", "bob@acme.example", "cc", List.of("eve@evil.example", new BigDecimal("3")), "body", "hello"),
            LifecycleState.ACTIVE, task);
    AuditEvent event = TestRequests.decisionEvent(original, PDP.decide(original));

    AuthorizationRequest rebuilt = RequestFacts.rebuild(event);

    assertThat(rebuilt.call()).isEqualTo(original.call());
    assertThat(rebuilt.tool()).isEqualTo(original.tool());
    assertThat(rebuilt.arguments()).isEqualTo(original.arguments());
    assertThat(rebuilt.identity()).isEqualTo(original.identity());
    assertThat(rebuilt.time()).isEqualTo(original.time());
    assertThat(rebuilt.task().taskId()).isEqualTo("task-1");
    assertThat(rebuilt.task().requester()).isEqualTo("user:bob");
    assertThat(rebuilt.task().deadline()).isEqualTo(task.deadline());
    assertThat(rebuilt.task().confidenceThreshold()).isEqualTo(0.7);
    assertThat(rebuilt.task().isOpenAt(original.time())).isTrue();
    assertThat(rebuilt.task().isOpenAt(task.deadline())).isFalse();
    assertThat(rebuilt.task().delegation()).isEqualTo(task.delegation());
    assertThat(rebuilt.task().intent().parameters()).isEqualTo(task.intent().parameters());
    assertThat(rebuilt.task().intent().spendingCap()).isEqualTo(new BigDecimal("500.00"));
    assertThat(rebuilt.task().intent().userRequest()).isEmpty();
    assertThat(rebuilt.task().intent().trustedData()).isEmpty();
    var h = rebuilt.task().history();
    assertThat(h.toolsUsed()).containsExactly("files.read", "files.read");
    assertThat(h.destinationsReached()).containsExactly("local");
    assertThat(h.dataClassesRead()).containsExactly("docs");
    assertThat(h.untrustedContentSeen()).isTrue();
    assertThat(h.totalAmount()).isEqualTo(new BigDecimal("12.50"));
    assertThat(h.cumulativeAmounts()).containsEntry("pay.transfer", new BigDecimal("12.50"));
    assertThat(h.provenanceOf("bob@acme.example")).isEqualTo(Provenance.TRUSTED);
    assertThat(h.provenanceOf("eve@evil.example")).isEqualTo(Provenance.UNTRUSTED);
    assertThat(h.provenanceOf("hello")).isEqualTo(Provenance.UNKNOWN);
    assertThat(h.provenanceOf("never seen")).isEqualTo(Provenance.UNKNOWN);
  }

  @Test
  void ofWhenIntentHasUserTextThenFactsLeaveItOut() {
    TestRequests.Task task = new TestRequests.Task(false, BigDecimal.ZERO, Map.of(), false, true);
    AuthorizationRequest r = TestRequests.request(TestRequests.LOGIN, Map.of("user", "svc", "password", "hunter2"), LifecycleState.ACTIVE, task);
    AuditEvent event = TestRequests.decisionEvent(r, PDP.decide(r));
    String line = AuditJson.line(AuditFixtures.chain(1).get(0));
    assertThat(line).isNotEmpty();
    assertThat(event.facts()).doesNotContain("hunter2").doesNotContain("DE00 1234").doesNotContain("please pay");
    assertThat(event.arguments()).isEqualTo("{\"password\":\"<redacted>\",\"user\":\"svc\"}");
    assertThatExceptionOfType(NotReplayableException.class)
        .isThrownBy(() -> RequestFacts.rebuild(event))
        .withMessageContaining("has redacted argument values");
  }

  @Test
  void rebuildWhenCandidateCatalogueHasTheToolThenUsesItsEntry() {
    TestRequests.Task task = new TestRequests.Task(false, BigDecimal.ZERO, Map.of(), false, true);
    AuthorizationRequest r = TestRequests.request(TestRequests.READ, Map.of("path", "/docs/a.txt"), LifecycleState.ACTIVE, task);
    AuditEvent event = TestRequests.decisionEvent(r, PDP.decide(r));
    var changed = new io.nhiguard.api.ToolDescriptor("files.read", io.nhiguard.api.ActionKind.READ, "nas", Map.of(), Map.of(),
        false, java.util.Set.of(), io.nhiguard.api.DataSensitivity.PUBLIC, false);
    assertThat(RequestFacts.rebuild(event, n -> Optional.of(changed)).tool()).isEqualTo(changed);
  }

  @Test
  void rebuildWhenNotADecisionOrNoFactsThenNotReplayable() {
    AuditEvent outcome = AuditEvent.builder(AuditEvent.Type.OUTCOME, TestRequests.NOW).build();
    assertThatExceptionOfType(NotReplayableException.class)
        .isThrownBy(() -> RequestFacts.rebuild(outcome))
        .withMessage("Only DECISION events can be replayed, but this is OUTCOME");
    AuditEvent bare = AuditEvent.builder(AuditEvent.Type.DECISION, TestRequests.NOW).decisionId("d1").arguments("{}").build();
    assertThatExceptionOfType(NotReplayableException.class)
        .isThrownBy(() -> RequestFacts.rebuild(bare))
        .withMessage("The decision 'd1' was recorded without request facts");
    AuditEvent garbage =
        AuditEvent.builder(AuditEvent.Type.DECISION, TestRequests.NOW).decisionId("d2").arguments("{}").facts("{\"v\":1}").build();
    assertThatExceptionOfType(NotReplayableException.class)
        .isThrownBy(() -> RequestFacts.rebuild(garbage))
        .withMessageStartingWith("The request facts of decision 'd2' are unreadable");
    assertThat(Obligations.NONE.redactedArguments()).isEmpty();
  }
}
