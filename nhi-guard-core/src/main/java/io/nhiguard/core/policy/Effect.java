package io.nhiguard.core.policy;

/**
 * What an applicable rule does. Combining is forbid &gt; escalate &gt; permit &gt; default deny
 * (Cedar's forbid-overrides-permit, extended with escalation); an error in an applicable rule
 * denies.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum Effect {
  /** The call may run, unless a forbid or escalate rule also applies. */
  PERMIT,
  /** The call must not run; overrides every other effect. */
  FORBID,
  /** The call needs a human approval; overrides permit. */
  ESCALATE
}
