package io.nhiguard.core.audit;

import io.nhiguard.api.Provenance;
import io.nhiguard.api.TaskHistory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A task history frozen at decision time, rebuilt from an audit record's facts. {@link
 * #provenanceOf(String)} answers from the provenance recorded for the call's own argument values
 * and says {@link Provenance#UNKNOWN} for any other value, as the live history would for a value
 * found nowhere.
 *
 * <p>Immutable and thread-safe.
 */
final class RecordedTaskHistory implements TaskHistory {

  private final List<String> toolsUsed;
  private final Set<String> destinationsReached;
  private final Set<String> dataClassesRead;
  private final boolean untrustedContentSeen;
  private final Map<String, BigDecimal> cumulativeAmounts;
  private final BigDecimal totalAmount;
  private final Map<String, Provenance> provenance;

  RecordedTaskHistory(
      List<String> toolsUsed,
      Set<String> destinationsReached,
      Set<String> dataClassesRead,
      boolean untrustedContentSeen,
      Map<String, BigDecimal> cumulativeAmounts,
      BigDecimal totalAmount,
      Map<String, Provenance> provenance) {
    this.toolsUsed = List.copyOf(toolsUsed);
    this.destinationsReached = Set.copyOf(destinationsReached);
    this.dataClassesRead = Set.copyOf(dataClassesRead);
    this.untrustedContentSeen = untrustedContentSeen;
    this.cumulativeAmounts = Map.copyOf(cumulativeAmounts);
    this.totalAmount = Objects.requireNonNull(totalAmount, "totalAmount");
    this.provenance = Map.copyOf(provenance);
  }

  @Override
  public List<String> toolsUsed() {
    return toolsUsed;
  }

  @Override
  public Set<String> destinationsReached() {
    return destinationsReached;
  }

  @Override
  public Set<String> dataClassesRead() {
    return dataClassesRead;
  }

  @Override
  public boolean untrustedContentSeen() {
    return untrustedContentSeen;
  }

  @Override
  public Map<String, BigDecimal> cumulativeAmounts() {
    return cumulativeAmounts;
  }

  @Override
  public BigDecimal totalAmount() {
    return totalAmount;
  }

  @Override
  public Provenance provenanceOf(String value) {
    return provenance.getOrDefault(Objects.requireNonNull(value, "value"), Provenance.UNKNOWN);
  }
}
