/**
 * Service-provider interfaces: what users and backends implement to plug into nhi-guard.
 *
 * <p>{@link io.nhiguard.api.spi.RuleLanguage} supplies a policy language; {@link
 * io.nhiguard.api.spi.IdentityRegistry} stores identities; {@link
 * io.nhiguard.api.spi.CredentialVault} leases, verifies and revokes credentials; {@link
 * io.nhiguard.api.spi.AuditSink} stores audit records; {@link io.nhiguard.api.spi.ApprovalService}
 * routes escalations to humans. The core module has an in-memory implementation of each.
 * Implementations must be thread-safe.
 */
package io.nhiguard.api.spi;
