/**
 * The guard: {@link io.nhiguard.core.NhiGuard}, the policy enforcement point that every tool call
 * passes through, and strict argument canonicalization.
 */
package io.nhiguard.core;
