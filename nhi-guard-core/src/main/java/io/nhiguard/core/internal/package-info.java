/**
 * Implementation details; not exported, not API.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.internal;
