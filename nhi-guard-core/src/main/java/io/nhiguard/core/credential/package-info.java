/**
 * Credential vaults: just-in-time, short-lived, revocable credentials as signed compact JWS tokens.
 *
 * <p>{@link io.nhiguard.core.credential.InMemoryCredentialVault} is the default {@link
 * io.nhiguard.api.spi.CredentialVault}. It replaces standing secrets with credentials leased per
 * task or per call, scoped to the permitted action, bound to one audience, and expiring by design:
 * the granted TTL is the smallest of the requested TTL, the policy's cap, the action kind's limit
 * and the time left to the task deadline or the parent credential's expiry. Zero, negative and
 * absurd TTLs are rejected, never replaced by a default.
 *
 * <p>Task tokens are JWS (RFC 7515) signed with Ed25519 (RFC 8037) through Bouncy Castle and
 * verifiable by any downstream service from the vault's JWK set (RFC 7517). Call tokens add an
 * HMAC-SHA256-authenticated call part to a grant signed once per task and audience, so a guarded
 * call does not pay a public-key signature. Revocation of a lease, a task or an agent (and
 * everything delegated through it) is synchronous and final within the process.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.credential;
