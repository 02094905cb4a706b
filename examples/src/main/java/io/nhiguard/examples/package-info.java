/**
 * Runnable demos of nhi-guard, not deployed: {@link io.nhiguard.examples.AgentDojoDemo} replays the
 * AgentDojo task suites through a guarded LangChain4j agent (the README's first command), and
 * {@link io.nhiguard.examples.invoice.InvoiceAssistantDemo} walks one accounts-payable task through
 * identity, intent, permit, deny, owner approval, revocation and audit.
 */
package io.nhiguard.examples;
