/**
 * Non-human identities: the in-memory {@link io.nhiguard.core.identity.InMemoryIdentityRegistry}
 * that moves identities through their audited lifecycle ({@code PROVISIONED -> ACTIVE <-> SUSPENDED
 * -> REVOKED -> DECOMMISSIONED}), offboards owners and reports orphaned and review-overdue
 * identities (OWASP NHI1, Improper Offboarding), and {@link
 * io.nhiguard.core.identity.IdentityChecks}, the check the guard makes on every call before any
 * policy runs: only an active, unexpired, re-certified identity may be permitted anything.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.identity;
