/**
 * Credential vaults: just-in-time, short-lived, revocable credentials as signed compact JWS tokens.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.credential;
