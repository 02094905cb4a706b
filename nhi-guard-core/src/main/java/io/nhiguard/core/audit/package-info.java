/**
 * The tamper-evident audit log: hash-chained records, sinks, verification and replay.
 *
 * <p><b>Writing.</b> {@link io.nhiguard.core.audit.AuditLog} turns each {@link
 * io.nhiguard.api.AuditEvent} (a decision, an outcome, a lifecycle transition, an approval, a
 * credential lease or revocation) into an {@link io.nhiguard.api.AuditRecord}: a sequence number,
 * the SHA-256 of the previous record, its own SHA-256 over the canonical bytes of {@link
 * io.nhiguard.core.audit.AuditJson}, and optionally an Ed25519 signature ({@link
 * io.nhiguard.core.audit.AuditSigningKey}). Records go through a bounded queue to every sink:
 * {@link io.nhiguard.core.audit.InMemoryAuditSink}, {@link
 * io.nhiguard.core.audit.JsonLinesAuditSink} and {@link io.nhiguard.core.audit.Slf4jAuditSink}.
 * Any failure to record fails closed. For a decision event the guard fills {@link
 * io.nhiguard.api.AuditEvent#arguments()} with {@link io.nhiguard.core.audit.Redactor#redact} and
 * {@link io.nhiguard.api.AuditEvent#facts()} with {@link
 * io.nhiguard.core.audit.RequestFacts#of(io.nhiguard.api.AuthorizationRequest)}.
 *
 * <p><b>Verifying.</b> {@link io.nhiguard.core.audit.AuditVerifier} names the first broken record
 * for a changed byte and for a deleted, inserted or reordered record.
 *
 * <p><b>Anchoring the head.</b> A hash chain cannot show that its last records were removed: the
 * shorter chain is valid too. To make tail truncation detectable, publish the head ({@link
 * io.nhiguard.core.audit.AuditLog#head()}: sequence and hash) regularly, for example every minute
 * and at shutdown, somewhere the writer of the log cannot rewrite: a write-once (WORM) object store
 * bucket with object lock, a separate append-only log service, a transparency log, or a ticket or
 * chat channel owned by another team. Signing the published head with a key kept apart from the
 * log (or relying on the Ed25519 signature the last record already carries) stops an attacker from
 * publishing a forged head. A verifier then calls {@link
 * io.nhiguard.core.audit.AuditVerifier#verify(java.nio.file.Path,
 * io.nhiguard.core.audit.AuditHead)} with the latest anchored head: a log that ends before it
 * fails with {@code TRUNCATED}, and one whose record at that sequence differs fails with {@code
 * ANCHOR_MISMATCH}. Records written after the last anchor are protected only by the chain (and by
 * signatures), so the anchoring interval bounds how much tail can be cut unnoticed.
 *
 * <p><b>Replaying.</b> {@link io.nhiguard.core.audit.PolicyReplay} re-decides recorded requests
 * against a candidate policy and lists the decisions that would flip, as a gate before shipping a
 * policy change. {@link io.nhiguard.core.audit.StandardsMap} generates the OWASP mapping table from
 * the reason codes.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.audit;
