/**
 * Human approval of escalated calls.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.approval;
