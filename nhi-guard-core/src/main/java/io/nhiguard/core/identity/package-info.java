/**
 * Identity registry, task sessions and delegation.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.identity;
