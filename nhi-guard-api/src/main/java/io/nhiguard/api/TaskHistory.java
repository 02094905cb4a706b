package io.nhiguard.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What has happened so far in a task, as the policy reads it: tools used, destinations reached,
 * data classes read, whether untrusted content has entered the context, cumulative amounts, and
 * the provenance of values.
 *
 * <p>Implementations are thread-safe; each accessor returns a consistent, immutable snapshot.
 *
 * @since 0.1.0
 */
public interface TaskHistory {

  /**
   * Returns the distinct tools that ran in the task, in the order of their first use.
   *
   * @return an immutable list, at most one entry per tool
   */
  List<String> toolsUsed();

  /**
   * Returns the destinations the task's calls reached.
   *
   * @return an immutable set
   */
  Set<String> destinationsReached();

  /**
   * Returns the data classes the task has read.
   *
   * @return an immutable set
   */
  Set<String> dataClassesRead();

  /**
   * Returns whether output of an untrusted tool has entered the task's context.
   *
   * @return true once any untrusted output was recorded
   */
  boolean untrustedContentSeen();

  /**
   * Returns the amounts spent so far per tool, summed over the arguments with the {@link
   * ArgumentRole#AMOUNT} role of executed calls.
   *
   * @return an immutable map of tool name to total
   */
  Map<String, BigDecimal> cumulativeAmounts();

  /**
   * Returns the total spent so far over every tool.
   *
   * @return the sum, zero when nothing was spent
   */
  BigDecimal totalAmount();

  /**
   * Returns where a value came from; see {@link Provenance} for what the matching does and does
   * not catch.
   *
   * @param value the argument value as text
   * @return the provenance
   * @throws NullPointerException if {@code value} is null
   */
  Provenance provenanceOf(String value);
}
