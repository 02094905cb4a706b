/**
 * Human approval of escalated calls: {@link io.nhiguard.core.approval.InMemoryApprovalService}
 * routes an escalation to the agent's owner (or the principal the policy names), binds the
 * approval to the call's argument digest, lets it be used once before it expires, refuses
 * approvals by the requesting agent, its delegation chain or any other workload identity, and
 * rate-limits requests per agent against approval fatigue (OWASP Agentic ASI09).
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.approval;
