/**
 * The AgentDojo replay: the suite model ({@link io.nhiguard.examples.agentdojo.Suite}), the
 * per-suite replay config, the planning of benign and attacked runs ({@link
 * io.nhiguard.examples.agentdojo.Scenario}), the scripted model, the stub tools, the owner's
 * approval desk, and the report.
 *
 * <p>Suite data: AgentDojo (Debenedetti, Zhang, Balunović, Beurer-Kellner, Fischer, Tramèr;
 * NeurIPS 2024 Datasets and Benchmarks), https://github.com/ethz-spylab/agentdojo, MIT licence; see
 * {@code agentdojo/README.md} in the resources.
 */
package io.nhiguard.examples.agentdojo;
