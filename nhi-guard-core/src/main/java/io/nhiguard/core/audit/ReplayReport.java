package io.nhiguard.core.audit;

import io.nhiguard.api.SafeText;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The result of replaying an audit log against a candidate policy: how many decisions were
 * re-evaluated, which were skipped and why, and every decision whose kind would flip.
 *
 * <p>Use it as a gate in a JUnit test before shipping a policy change:
 *
 * <pre>{@code
 * PolicyReplay.against(candidate).replay(Path.of("audit.jsonl")).assertNoFlips();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param replayed how many decisions were re-evaluated
 * @param skippedNonDecision how many records were not decisions (outcomes, lifecycle, approvals)
 * @param skippedFollowUps how many DECISION records were the guard's follow-up on a call already
 *     decided (credential unavailable, approval rejected or expired)
 * @param notReplayable decisions that could not be re-evaluated, with the reason
 * @param flips decisions whose kind changes under the candidate, in log order
 * @since 0.1.0
 */
public record ReplayReport(
    long replayed, long skippedNonDecision, long skippedFollowUps, List<Skipped> notReplayable, List<Flip> flips) {

  /**
   * A decision record that could not be re-evaluated.
   *
   * @param sequence the record's sequence number
   * @param decisionId the decision id
   * @param reason why (no facts, redacted arguments, unreadable facts)
   */
  public record Skipped(long sequence, String decisionId, String reason) {
    /**
     * Validates an entry.
     *
     * @param sequence the record's sequence number
     * @param decisionId the decision id
     * @param reason why (no facts, redacted arguments, unreadable facts)
     * @throws NullPointerException if a component is null
     */
    public Skipped {
      Objects.requireNonNull(decisionId, "decisionId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Validates a report.
   *
   * @param replayed how many decisions were re-evaluated
   * @param skippedNonDecision how many records were not decisions (outcomes, lifecycle, approvals)
   * @param skippedFollowUps how many DECISION records were the guard's follow-up on a call already decided
   * @param notReplayable decisions that could not be re-evaluated, with the reason
   * @param flips decisions whose kind changes under the candidate, in log order
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a count is negative
   */
  public ReplayReport {
    notReplayable = List.copyOf(Objects.requireNonNull(notReplayable, "notReplayable"));
    flips = List.copyOf(Objects.requireNonNull(flips, "flips"));
    if (replayed < 0 || skippedNonDecision < 0 || skippedFollowUps < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * Returns how many records were skipped: non-decisions, follow-ups and decisions that could not
   * be replayed.
   *
   * @return the count
   */
  public long skipped() {
    return skippedNonDecision + skippedFollowUps + notReplayable.size();
  }

  /**
   * Returns the flips from one kind to another.
   *
   * @param fromKind {@code PERMIT}, {@code DENY} or {@code ESCALATE}
   * @param toKind {@code PERMIT}, {@code DENY} or {@code ESCALATE}
   * @return the matching flips, in log order
   * @throws NullPointerException if an argument is null
   */
  public List<Flip> flipsOnly(String fromKind, String toKind) {
    Objects.requireNonNull(fromKind, "fromKind");
    Objects.requireNonNull(toKind, "toKind");
    return flips.stream().filter(f -> f.fromKind().equals(fromKind) && f.toKind().equals(toKind)).collect(Collectors.toUnmodifiableList());
  }

  /**
   * Returns the flips that permit a call that was not permitted.
   *
   * @return the loosening flips, in log order
   */
  public List<Flip> loosenings() {
    return flips.stream().filter(Flip::isLoosening).collect(Collectors.toUnmodifiableList());
  }

  /**
   * Throws if any decision flips, with a readable table of every flip.
   *
   * @throws AssertionError if {@link #flips()} is not empty
   */
  public void assertNoFlips() {
    if (!flips.isEmpty()) {
      throw new AssertionError(
          String.format(Locale.ROOT, "%d of %d replayed decisions would flip under the candidate policy:%n%s",
              flips.size(), replayed, table()));
    }
  }

  /**
   * Throws if any decision would be permitted that was not.
   *
   * @throws AssertionError if {@link #loosenings()} is not empty
   */
  public void assertNoLoosening() {
    List<Flip> loose = loosenings();
    if (!loose.isEmpty()) {
      throw new AssertionError(
          String.format(Locale.ROOT, "%d of %d replayed decisions would newly be permitted:%n%s",
              loose.size(), replayed, table(loose)));
    }
  }

  /**
   * Renders every flip as a Markdown table (values escaped, rules comma-separated).
   *
   * @return the table, with a header even when empty
   */
  public String table() {
    return table(flips);
  }

  private static String table(List<Flip> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| seq | decision | tool | agent | from | to | from rules | to rules |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    for (Flip f : rows) {
      out.append("| ").append(f.sequence())
          .append(" | ").append(cell(f.decisionId()))
          .append(" | ").append(cell(f.toolName()))
          .append(" | ").append(cell(f.agent()))
          .append(" | ").append(cell(f.fromKind() + " " + f.fromReason()))
          .append(" | ").append(cell(f.toKind() + " " + f.toReason()))
          .append(" | ").append(cell(String.join(", ", f.fromRules())))
          .append(" | ").append(cell(String.join(", ", f.toRules())))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String cell(String value) {
    return SafeText.quote(value).replace("|", "\\|");
  }
}
