/**
 * The policy decision point: the built-in policy language (YAML and JSON), its Java fluent form,
 * the compiled evaluator, hot reload, shadow mode and the policy tester.
 *
 * <h2>Entry points</h2>
 *
 * <ul>
 *   <li>{@link io.nhiguard.core.policy.Policies} loads a policy from text, a file or the
 *       classpath; {@link io.nhiguard.core.policy.YamlPolicyLanguage} is the same language as a
 *       {@link io.nhiguard.api.spi.RuleLanguage}, lenient or {@linkplain
 *       io.nhiguard.core.policy.YamlPolicyLanguage#strict() strict}.
 *   <li>{@link io.nhiguard.core.policy.PolicyBuilder} with {@link
 *       io.nhiguard.core.policy.Conditions} is the typed Java form; {@link
 *       io.nhiguard.core.policy.JavaPolicyLanguage} exposes it as a {@code RuleLanguage}.
 *   <li>{@link io.nhiguard.core.policy.CompiledPolicy} is the immutable, indexed evaluator both
 *       forms compile to; {@link io.nhiguard.core.policy.ReloadablePolicy} swaps it atomically;
 *       {@link io.nhiguard.core.policy.ShadowPolicy} evaluates a candidate without enforcing it.
 *   <li>{@link io.nhiguard.core.policy.PolicyTester} runs fixtures written in YAML or Java;
 *       {@link io.nhiguard.core.policy.PolicyPrinter} writes a policy back as YAML or JSON.
 * </ul>
 *
 * <h2>Semantics</h2>
 *
 * <p>Rules are unordered. A rule applies when its tool patterns match the called tool, its agent
 * patterns match the agent, and all its conditions hold. Combining is forbid &gt; escalate &gt;
 * permit &gt; default deny (Cedar's forbid-overrides-permit, extended with escalation). Conditions
 * are three-valued (hold, fail, error) and combine with strong Kleene logic, so their order never
 * matters either: a rule with a failing condition does not apply; a rule whose conditions do not
 * fail but error denies the call with {@link io.nhiguard.api.ReasonCode#RULE_EVALUATION_ERROR}.
 * This is an intentional difference from Cedar, which skips an erroring rule and can therefore
 * let a call through. An empty list in a policy means nothing, never everything. A tool outside
 * the catalogue is denied.
 *
 * <h2>Typed checks</h2>
 *
 * <ul>
 *   <li>Numbers are exact decimals; a numeric test on a string, boolean, null, array, object or
 *       absent argument is an error, as is a sum above 34 significant digits.
 *   <li>Regular expressions use RE2 syntax through re2j: linear time, full match only
 *       ({@code read} does not match {@code read_and_delete}); backreferences and lookaround are
 *       rejected at load.
 *   <li>Paths are absolute POSIX paths decided on normalized components ({@code //}, {@code .}
 *       and {@code ..} resolved), never on a string prefix; relative paths, a {@code ..} above the
 *       root of the file system, control characters, backslashes and percent-encoded octets are
 *       errors, and a path whose NFKC form differs must be contained in both forms.
 *   <li>URLs are parsed once per decision with {@link java.net.URI}: only absolute {@code http}
 *       and {@code https} URLs; userinfo, white space, backslashes, percent signs in the host and
 *       non-canonical IPv4 forms ({@code 0x7f.1}, {@code 2130706433}, {@code 127.1}) are errors;
 *       host case and one trailing dot are folded and IDNs compared in A-label form; IP literals
 *       (including IPv4-mapped IPv6) match only an entry naming the same address, so loopback,
 *       private and link-local addresses are denied unless named; {@code *.example.com} matches
 *       strict subdomains on a label boundary.
 *   <li>Provenance asks the task history where a value came from; the floor is an exact match,
 *       see {@link io.nhiguard.api.Provenance}: it does not catch a value an attacker re-encodes
 *       or splits, so combine it with allow-lists for high-impact arguments.
 * </ul>
 *
 * <p>The full grammar, with a complete example, is in {@code docs/policy-language.md}.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.policy;
