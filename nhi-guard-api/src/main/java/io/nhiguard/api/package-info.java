/**
 * Values, decisions and exceptions shared by every part of nhi-guard.
 *
 * <p>An AI agent that calls tools is a <em>non-human identity</em> (NHI): an {@link
 * io.nhiguard.api.AgentIdentity} with a named human {@link io.nhiguard.api.Owner}, a purpose and a
 * lifecycle. Each request to run a tool is a {@link io.nhiguard.api.ToolCall}; the policy decision
 * point (PDP) answers it with a {@link io.nhiguard.api.Decision} ({@code Permit}, {@code Deny} or
 * {@code Escalate}), and the policy enforcement point (PEP) runs the tool only on a permit. The
 * vocabulary (principal, action, resource, context, obligation, lease, TTL, audience, delegation,
 * attenuation) follows XACML, Cedar, OAuth 2.0 and SPIFFE.
 *
 * <p>Every type in this package is immutable and thread-safe unless its documentation says
 * otherwise.
 */
package io.nhiguard.api;
