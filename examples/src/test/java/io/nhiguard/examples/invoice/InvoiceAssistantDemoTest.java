package io.nhiguard.examples.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The invoice walk-through shows each guarantee it promises, in the audit trail and on screen. */
final class InvoiceAssistantDemoTest {

  private static String step(AuditRecord r) {
    AuditEvent e = r.event();
    return e.type() + " " + e.toolName() + " " + e.decision() + " " + e.reasonCode() + " " + e.outcome();
  }

  @Test
  void runWhenScriptPlayedThenReadPermittedExfiltrationDeniedPaymentApprovedAndCredentialsRevoked() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<AuditRecord> records = InvoiceAssistantDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    List<String> steps = records.stream().map(InvoiceAssistantDemoTest::step).toList();
    assertThat(steps).containsSubsequence(
        "DECISION read_invoice PERMIT PERMITTED_BY_RULE NONE",
        "OUTCOME read_invoice PERMIT PERMITTED_BY_RULE EXECUTED",
        "DECISION send_email DENY FORBIDDEN_BY_RULE NONE",
        "DECISION pay_invoice ESCALATE ESCALATION_REQUIRED NONE",
        "OUTCOME pay_invoice ESCALATE ESCALATION_REQUIRED APPROVED",
        "OUTCOME pay_invoice ESCALATE ESCALATION_REQUIRED EXECUTED",
        "DECISION send_email PERMIT PERMITTED_BY_RULE NONE",
        "DECISION read_invoice DENY TASK_CLOSED NONE");
    assertThat(records).anySatisfy(r -> assertThat(r.event().details().get("event")).isEqualTo("closed; revoked 1 credential(s)"));
    assertThat(out).doesNotContain("[mail] sent to archive@")
        .contains("[mail] sent to finance@acme.example")
        .contains("[bank] paid INV-1042: 1249.50 EUR")
        .contains("ERP session credential refused after task end")
        .contains("hash chain and signatures verified");
  }
}
