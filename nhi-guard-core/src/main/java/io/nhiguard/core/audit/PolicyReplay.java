package io.nhiguard.core.audit;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.PolicyDecisionPoint;
import io.nhiguard.api.ReasonCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-evaluates recorded decisions against a candidate policy with the same identity and task
 * facts, and lists every decision whose kind would flip: the safe way to change policy.
 *
 * <p>Each {@link AuditEvent.Type#DECISION} record is rebuilt into an {@link AuthorizationRequest}
 * by {@link RequestFacts#rebuild(AuditEvent, java.util.function.Function)}, using the candidate's
 * catalogue entry for the tool when it has one (so a catalogue change shows up) and the recorded
 * entry otherwise, then decided by the candidate. Other records are counted and skipped. A decision
 * whose arguments were redacted, or that carries no facts, is listed in {@link
 * ReplayReport#notReplayable()} rather than guessed. A candidate that throws (breaking the {@link
 * PolicyDecisionPoint} contract) counts as {@code DENY} with {@link ReasonCode#INTERNAL_ERROR}:
 * fail closed.
 *
 * <p>Only the policy's own decision is compared, not what the guard made of it:
 *
 * <ul>
 *   <li>a later DECISION record for a call id already seen (the guard's follow-up: credential
 *       unavailable, approval rejected or expired) is counted in {@link
 *       ReplayReport#skippedFollowUps()};
 *   <li>a {@link ReasonCode#PERMITTED_BY_APPROVAL} permit is compared as the {@code ESCALATE} the
 *       policy returned: the candidate keeps it if it still escalates (or permits) the call;
 *   <li>a {@link ReasonCode#DELEGATION_SCOPE_EXCEEDED} denial that the candidate would not deny is
 *       listed as not replayable, since the guard's check of the delegating agents' own policy
 *       decisions cannot be re-run from the record.
 * </ul>
 *
 * <p>Replay reads records; it does not verify the chain. Verify a log from an untrusted place with
 * {@link AuditVerifier} first.
 *
 * <p>Instances are immutable and thread-safe if the candidate is (the PDP contract requires it).
 *
 * @since 0.1.0
 */
public final class PolicyReplay {

  private static final Logger log = LoggerFactory.getLogger(PolicyReplay.class);

  private final PolicyDecisionPoint candidate;

  private PolicyReplay(PolicyDecisionPoint candidate) {
    this.candidate = candidate;
  }

  /**
   * Prepares a replay against a candidate policy.
   *
   * @param candidate the policy to check
   * @return the replay
   * @throws NullPointerException if {@code candidate} is null
   */
  public static PolicyReplay against(PolicyDecisionPoint candidate) {
    return new PolicyReplay(Objects.requireNonNull(candidate, "candidate"));
  }

  /**
   * Replays records.
   *
   * @param records the records, in log order
   * @return the report
   * @throws NullPointerException if {@code records} is null or holds null
   */
  public ReplayReport replay(List<AuditRecord> records) {
    Objects.requireNonNull(records, "records");
    Accumulator acc = new Accumulator();
    for (AuditRecord r : records) {
      acc.accept(Objects.requireNonNull(r, "record"));
    }
    return acc.report();
  }

  /**
   * Replays a JSON Lines audit log, streaming.
   *
   * @param file the log written by {@link JsonLinesAuditSink}
   * @return the report
   * @throws MalformedAuditLogException if a line is not a canonical record
   * @throws java.io.UncheckedIOException if the file cannot be read
   * @throws NullPointerException if {@code file} is null
   */
  public ReplayReport replay(Path file) {
    Objects.requireNonNull(file, "file");
    Accumulator acc = new Accumulator();
    AuditLogReader.forEach(file, acc::accept);
    return acc.report();
  }

  private final class Accumulator {
    private long replayed;
    private long nonDecision;
    private long followUps;
    private final java.util.Set<String> seenCalls = new java.util.HashSet<>();
    private final List<ReplayReport.Skipped> notReplayable = new ArrayList<>();
    private final List<Flip> flips = new ArrayList<>();

    void accept(AuditRecord record) {
      AuditEvent e = record.event();
      if (e.type() != AuditEvent.Type.DECISION) {
        nonDecision++;
        return;
      }
      if (!e.callId().isEmpty() && !seenCalls.add(e.callId())) {
        followUps++;
        return;
      }
      if (!List.of("PERMIT", "DENY", "ESCALATE").contains(e.decision())) {
        notReplayable.add(new ReplayReport.Skipped(record.sequence(), e.decisionId(), "the recorded decision kind is not PERMIT, DENY or ESCALATE"));
        return;
      }
      AuthorizationRequest request;
      try {
        request = RequestFacts.rebuild(e, candidate::tool);
      } catch (NotReplayableException ex) {
        notReplayable.add(new ReplayReport.Skipped(record.sequence(), e.decisionId(), ex.getMessage()));
        return;
      }
      replayed++;
      String toKind;
      String toReason;
      List<String> toRules;
      try {
        Decision d = candidate.decide(request);
        toKind = d.kind();
        toReason = d.reasonCode().name();
        toRules = d.ruleIds();
      } catch (RuntimeException ex) {
        log.error("Candidate policy threw while replaying record {}; counted as DENY", record.sequence(), ex);
        toKind = "DENY";
        toReason = ReasonCode.INTERNAL_ERROR.name();
        toRules = List.of();
      }
      String fromKind = e.decision();
      if (ReasonCode.PERMITTED_BY_APPROVAL.name().equals(e.reasonCode()) && "PERMIT".equals(fromKind)) {
        if (!"DENY".equals(toKind)) {
          return;
        }
        fromKind = "ESCALATE";
      }
      if (toKind.equals(fromKind)) {
        return;
      }
      if (ReasonCode.DELEGATION_SCOPE_EXCEEDED.name().equals(e.reasonCode()) && "DENY".equals(fromKind)) {
        replayed--;
        notReplayable.add(
            new ReplayReport.Skipped(record.sequence(), e.decisionId(),
                "denied by the delegation check of the delegating agents, which replay cannot re-run; the candidate alone says "
                    + toKind));
        return;
      }
      flips.add(
          new Flip(record.sequence(), e.decisionId(), e.toolName(), e.agent(), fromKind, e.reasonCode(), e.ruleIds(),
              toKind, toReason, toRules));
    }

    ReplayReport report() {
      return new ReplayReport(replayed, nonDecision, followUps, notReplayable, flips);
    }
  }
}
