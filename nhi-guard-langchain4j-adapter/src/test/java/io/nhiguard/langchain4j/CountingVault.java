package io.nhiguard.langchain4j;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.CredentialClaims;
import io.nhiguard.api.CredentialLease;
import io.nhiguard.api.CredentialVerificationException;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.api.LeaseRequest;
import io.nhiguard.api.VerificationExpectations;
import io.nhiguard.api.spi.CredentialVault;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The real in-memory vault, counting the leases it issued. */
final class CountingVault implements CredentialVault {
  private final CredentialVault delegate;
  private final AtomicInteger leases = new AtomicInteger();

  CountingVault(CredentialVault delegate) {
    this.delegate = delegate;
  }

  int leaseCount() {
    return leases.get();
  }

  /** Whether the vault accepts a token for an audience right now. */
  boolean accepts(String token, String audience) {
    try {
      delegate.verify(token, VerificationExpectations.audience(audience));
      return true;
    } catch (CredentialVerificationException e) {
      return false;
    }
  }

  @Override
  public IssuedCredential lease(LeaseRequest request) {
    IssuedCredential credential = delegate.lease(request);
    leases.incrementAndGet();
    return credential;
  }

  @Override
  public CredentialClaims verify(String token, VerificationExpectations expected) {
    return delegate.verify(token, expected);
  }

  @Override
  public boolean revoke(String leaseId) {
    return delegate.revoke(leaseId);
  }

  @Override
  public int revokeTask(String taskId) {
    return delegate.revokeTask(taskId);
  }

  @Override
  public int revokeAgent(AgentId agent) {
    return delegate.revokeAgent(agent);
  }

  @Override
  public List<CredentialLease> activeLeases() {
    return delegate.activeLeases();
  }
}
