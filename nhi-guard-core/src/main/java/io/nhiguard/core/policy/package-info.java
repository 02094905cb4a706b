/**
 * The built-in policy language (YAML and JSON), its Java fluent form, the compiled evaluator (the PDP) and the policy tester.
 *
 * <p>Public types in this package state their thread-safety in their own documentation.
 */
package io.nhiguard.core.policy;
