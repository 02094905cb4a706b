/**
 * The tamper-evident audit log: hash-chained records, sinks, verification and replay.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.audit;
