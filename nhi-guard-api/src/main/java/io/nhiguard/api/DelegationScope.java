package io.nhiguard.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The attenuated authority an agent hands to a delegate: which tools and destinations, how much
 * money per call, for how long, and how many further hops. A {@code null} limit means "inherit
 * the parent's limit", never "unlimited"; the effective scope of a delegate is always the
 * intersection with its parent's (see {@link #narrowedBy(DelegationScope)}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param tools tool names or namespace wildcards ({@code crm.*}) the delegate may call; {@code
 *     null} inherits; an empty set allows nothing
 * @param destinations destinations the delegate may reach; {@code null} inherits
 * @param maxAmount the largest amount per call; {@code null} inherits; not negative
 * @param ttl how long the delegation lasts; {@code null} inherits; positive
 * @param remainingDepth how many further delegations are allowed; {@code null} inherits; 0 to 16
 * @since 0.1.0
 */
public record DelegationScope(
    Set<String> tools, Set<String> destinations, BigDecimal maxAmount, Duration ttl, Integer remainingDepth) {

  /** The deepest delegation chain accepted. */
  public static final int MAX_DEPTH = 16;

  /** A scope that inherits every limit from its parent. */
  public static final DelegationScope INHERIT = new DelegationScope(null, null, null, null, null);

  /**
   * Validates a scope.
   *
   * @param tools the {@code tools} component
   * @param destinations the {@code destinations} component
   * @param maxAmount the {@code maxAmount} component
   * @param ttl the {@code ttl} component
   * @param remainingDepth the {@code remainingDepth} component
   * @throws IllegalArgumentException if a limit is out of range
   */
  public DelegationScope {
    tools = tools == null ? null : Set.copyOf(tools);
    destinations = destinations == null ? null : Set.copyOf(destinations);
    if (maxAmount != null && maxAmount.signum() < 0) {
      throw new IllegalArgumentException("maxAmount must not be negative, but was " + maxAmount.toPlainString());
    }
    if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
      throw new IllegalArgumentException("ttl must be positive, but was " + ttl + "; omit it to inherit");
    }
    if (remainingDepth != null && (remainingDepth < 0 || remainingDepth > MAX_DEPTH)) {
      throw new IllegalArgumentException(
          "remainingDepth must be within [0, " + MAX_DEPTH + "], but was " + remainingDepth);
    }
  }

  /**
   * Returns the scope a delegate effectively holds when its parent holds this scope and hands it
   * {@code child}: each limit is the stricter of the two, and an omitted child limit inherits this
   * one. Tool sets intersect by exact entry (a wildcard in one set keeps only the other set's
   * entries it covers).
   *
   * @param child the scope requested for the delegate
   * @return the effective scope, never wider than this one
   * @throws NullPointerException if {@code child} is null
   */
  public DelegationScope narrowedBy(DelegationScope child) {
    Objects.requireNonNull(child, "child");
    return new DelegationScope(
        intersectTools(tools, child.tools),
        intersect(destinations, child.destinations),
        min(maxAmount, child.maxAmount),
        minDuration(ttl, child.ttl),
        minInt(remainingDepth, child.remainingDepth));
  }

  /**
   * Returns whether a tool is inside the scope.
   *
   * @param toolName the tool name
   * @return true if tools are unrestricted ({@code null}) or an entry matches exactly or as a
   *     namespace wildcard on a label boundary
   * @throws NullPointerException if {@code toolName} is null
   */
  public boolean allowsTool(String toolName) {
    Objects.requireNonNull(toolName, "toolName");
    return tools == null || tools.stream().anyMatch(p -> matches(p, toolName));
  }

  /**
   * Returns whether a destination is inside the scope.
   *
   * @param destination the destination
   * @return true if destinations are unrestricted or the destination is listed
   * @throws NullPointerException if {@code destination} is null
   */
  public boolean allowsDestination(String destination) {
    Objects.requireNonNull(destination, "destination");
    return destinations == null || destinations.contains(destination);
  }

  /**
   * Returns whether an amount is inside the scope.
   *
   * @param amount the amount
   * @return true if there is no cap or the amount does not exceed it
   * @throws NullPointerException if {@code amount} is null
   */
  public boolean allowsAmount(BigDecimal amount) {
    Objects.requireNonNull(amount, "amount");
    return maxAmount == null || amount.compareTo(maxAmount) <= 0;
  }

  /**
   * Returns the TTL, if limited.
   *
   * @return the TTL
   */
  public Optional<Duration> ttlLimit() {
    return Optional.ofNullable(ttl);
  }

  /**
   * Returns whether a tool pattern covers a name: exactly, or as {@code ns.*} covering {@code
   * ns.<anything>} on a label boundary.
   *
   * @param pattern the pattern
   * @param toolName the name
   * @return true if covered
   * @throws NullPointerException if an argument is null
   */
  public static boolean matches(String pattern, String toolName) {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(toolName, "toolName");
    if (pattern.endsWith(".*")) {
      String prefix = pattern.substring(0, pattern.length() - 1);
      return toolName.startsWith(prefix) && toolName.length() > prefix.length();
    }
    return pattern.equals(toolName);
  }

  private static Set<String> intersectTools(Set<String> parent, Set<String> child) {
    if (parent == null) {
      return child;
    }
    if (child == null) {
      return parent;
    }
    Set<String> out = new HashSet<>();
    for (String c : child) {
      if (parent.stream().anyMatch(p -> p.equals(c) || (!c.endsWith(".*") && matches(p, c)))) {
        out.add(c);
      }
    }
    for (String p : parent) {
      if (!p.endsWith(".*") && child.stream().anyMatch(c -> matches(c, p))) {
        out.add(p);
      }
    }
    return out;
  }

  private static Set<String> intersect(Set<String> a, Set<String> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    Set<String> out = new HashSet<>(a);
    out.retainAll(b);
    return out;
  }

  private static BigDecimal min(BigDecimal a, BigDecimal b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration minDuration(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private static Integer minInt(Integer a, Integer b) {
    if (a == null) {
      return b;
    }
    return b == null || a <= b ? a : b;
  }
}
