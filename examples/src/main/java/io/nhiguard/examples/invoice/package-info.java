/** The invoice assistant walk-through: one agent, one task, each guarantee of nhi-guard shown once. */
package io.nhiguard.examples.invoice;
