package io.nhiguard.api.spi;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.CredentialClaims;
import io.nhiguard.api.CredentialLease;
import io.nhiguard.api.CredentialUnavailableException;
import io.nhiguard.api.CredentialVerificationException;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.api.LeaseRequest;
import io.nhiguard.api.VerificationExpectations;
import java.util.List;

/**
 * Leases just-in-time credentials that expire by design, verifies them, and revokes them.
 *
 * <p>Revocation is synchronous and final: once a {@code revoke*} method returns, no {@link
 * #verify} in the process accepts the revoked credentials. Revoking an agent revokes the
 * credentials of its delegates too.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface CredentialVault {

  /**
   * Leases a credential.
   *
   * @param request what is needed
   * @return the credential with its secret
   * @throws IllegalArgumentException if the requested TTL is zero, negative or above the vault's
   *     absolute maximum, or {@code notAfter} has passed
   * @throws CredentialUnavailableException if no credential can be issued
   * @throws NullPointerException if {@code request} is null
   */
  IssuedCredential lease(LeaseRequest request);

  /**
   * Verifies a token.
   *
   * @param token the token
   * @param expected what the verifier expects
   * @return the verified claims
   * @throws CredentialVerificationException if verification fails, naming why
   * @throws NullPointerException if an argument is null
   */
  CredentialClaims verify(String token, VerificationExpectations expected);

  /**
   * Revokes one lease.
   *
   * @param leaseId the lease id
   * @return true if an active lease was revoked
   * @throws NullPointerException if {@code leaseId} is null
   */
  boolean revoke(String leaseId);

  /**
   * Revokes every lease of a task.
   *
   * @param taskId the task id
   * @return how many leases were revoked
   * @throws NullPointerException if {@code taskId} is null
   */
  int revokeTask(String taskId);

  /**
   * Revokes every lease held by an agent or by any delegate whose chain contains it.
   *
   * @param agent the agent
   * @return how many leases were revoked
   * @throws NullPointerException if {@code agent} is null
   */
  int revokeAgent(AgentId agent);

  /**
   * Lists the leases that are neither expired nor revoked.
   *
   * @return a snapshot, without secrets
   */
  List<CredentialLease> activeLeases();
}
