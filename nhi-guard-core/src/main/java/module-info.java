/**
 * The nhi-guard engine: the guard pipeline ({@code NhiGuard}), the built-in policy language and
 * evaluator, in-memory identity registry, credential vault, approvals and audit log.
 *
 * <p>{@code io.nhiguard.core.internal} is not exported.
 */
module io.nhiguard.core {
  requires transitive io.nhiguard.api;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.github.benmanes.caffeine;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports io.nhiguard.core;
  // exports io.nhiguard.core.policy;
  // exports io.nhiguard.core.credential;
  exports io.nhiguard.core.audit;
  // exports io.nhiguard.core.identity;
  // exports io.nhiguard.core.approval;
}
