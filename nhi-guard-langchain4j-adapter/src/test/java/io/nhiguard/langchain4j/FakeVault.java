package io.nhiguard.langchain4j;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.CredentialClaims;
import io.nhiguard.api.CredentialLease;
import io.nhiguard.api.CredentialVerificationException;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.api.LeaseRequest;
import io.nhiguard.api.SecretToken;
import io.nhiguard.api.VerificationExpectations;
import io.nhiguard.api.spi.CredentialVault;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** A vault for tests: random opaque tokens, a lease table and a revocation set. */
final class FakeVault implements CredentialVault {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Map<String, CredentialLease> leases = new ConcurrentHashMap<>();
  private final Map<String, String> leaseByToken = new ConcurrentHashMap<>();
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();

  FakeVault(Clock clock) {
    this.clock = clock;
  }

  @Override
  public IssuedCredential lease(LeaseRequest request) {
    Instant now = clock.instant();
    Instant expires = now.plus(request.requestedTtl());
    if (expires.isAfter(request.notAfter())) {
      expires = request.notAfter();
    }
    CredentialLease lease =
        new CredentialLease(
            "lease-" + UUID.randomUUID(),
            request.agent(),
            request.taskId(),
            request.audience(),
            request.scope(),
            now,
            expires,
            request.delegationChain(),
            request.argumentDigest());
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String token = "tok-" + HexFormat.of().formatHex(bytes);
    leases.put(lease.leaseId(), lease);
    leaseByToken.put(token, lease.leaseId());
    return new IssuedCredential(lease, new SecretToken(token.toCharArray()));
  }

  @Override
  public CredentialClaims verify(String token, VerificationExpectations expected) {
    String leaseId = leaseByToken.get(token);
    if (leaseId == null) {
      throw new CredentialVerificationException(CredentialVerificationException.Failure.MALFORMED, "unknown token");
    }
    CredentialLease lease = leases.get(leaseId);
    if (revoked.contains(leaseId) || !clock.instant().isBefore(lease.expiresAt())) {
      throw new CredentialVerificationException(CredentialVerificationException.Failure.values()[0], "revoked or expired");
    }
    if (!lease.audience().equals(expected.audience())) {
      throw new CredentialVerificationException(CredentialVerificationException.Failure.values()[0], "audience");
    }
    return new CredentialClaims(
        "fake-vault", lease.agent(), lease.audience(), lease.scope(), lease.issuedAt(), lease.issuedAt(), lease.expiresAt(),
        lease.leaseId(), lease.delegationChain(), lease.taskId(), lease.argumentDigest(), "fake");
  }

  /** Whether a token is currently accepted (known, not revoked, not expired). */
  boolean isValid(String token) {
    String leaseId = leaseByToken.get(token);
    return leaseId != null && !revoked.contains(leaseId) && clock.instant().isBefore(leases.get(leaseId).expiresAt());
  }

  int leaseCount() {
    return leases.size();
  }

  @Override
  public boolean revoke(String leaseId) {
    return leases.containsKey(leaseId) && revoked.add(leaseId);
  }

  @Override
  public int revokeTask(String taskId) {
    return (int) leases.values().stream().filter(l -> l.taskId().equals(taskId)).filter(l -> revoked.add(l.leaseId())).count();
  }

  @Override
  public int revokeAgent(AgentId agent) {
    return (int) leases.values().stream().filter(l -> l.agent().equals(agent)).filter(l -> revoked.add(l.leaseId())).count();
  }

  @Override
  public List<CredentialLease> activeLeases() {
    Instant now = clock.instant();
    return leases.values().stream()
        .filter(l -> !revoked.contains(l.leaseId()) && now.isBefore(l.expiresAt()))
        .collect(Collectors.toList());
  }
}
