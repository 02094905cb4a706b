package io.nhiguard.core.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.CredentialClaims;
import io.nhiguard.api.CredentialLease;
import io.nhiguard.api.CredentialUnavailableException;
import io.nhiguard.api.CredentialVerificationException;
import io.nhiguard.api.CredentialVerificationException.Failure;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.api.LeaseRequest;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.SecretToken;
import io.nhiguard.api.VerificationExpectations;
import io.nhiguard.api.spi.CredentialVault;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link CredentialVault}: mints short-lived compact JWS tokens signed with Ed25519,
 * verifies them, and revokes them synchronously. Everything lives in memory; nothing survives the
 * process.
 *
 * <h2>Token formats</h2>
 *
 * <p><b>Task token</b> (a lease whose {@code argumentDigest} is {@code ""}): a compact JWS (RFC
 * 7515 section 7.1) {@code header.claims.signature} with the protected header {@code
 * {"alg":"EdDSA","typ":"JWT","kid":<kid>}} (RFC 8037 section 3.1) and the claims
 *
 * <ul>
 *   <li>{@code iss} the vault's issuer, {@code sub} the holder's SPIFFE ID, {@code aud} the audience
 *       (one string), {@code scope} the permitted actions, space-delimited (RFC 8693 section 4.2);
 *   <li>{@code iat}, {@code nbf} (equal to {@code iat}) and {@code exp} as integer seconds since the
 *       epoch (RFC 7519 NumericDate, whole seconds only);
 *   <li>{@code jti} the lease id;
 *   <li>{@code act} the delegation chain when there is one, as nested {@code {"sub":...,"act":{...}}}
 *       objects with the nearest delegator outermost and the root innermost (RFC 8693 section 4.1;
 *       the holder itself is {@code sub});
 *   <li>{@code task_id} the task.
 * </ul>
 *
 * <p><b>Call token</b> (a lease bound to one call by a non-empty {@code argumentDigest}): five
 * dot-separated parts {@code grantHeader.grantClaims.grantSignature.callClaims.callMac}. The first
 * three parts are a <em>grant</em>: a JWS exactly like a task token, whose {@code jti} names the
 * grant and which carries {@code "call_bound":true}. The grant is signed once per holder, task,
 * audience, scope, action kind, delegation chain, policy cap and deadline, and reused by later
 * calls while it outlives them. {@code callClaims} is base64url JSON {@code
 * {"jti":<lease id>,"grant":<grant jti>,"iat":..,"nbf":..,"exp":..,"arg_digest":<digest>}} and
 * {@code callMac} is HMAC-SHA256 (RFC 2104) over the ASCII bytes of the first four parts joined by
 * dots, keyed with a random 256-bit key that belongs to that grant and never leaves the vault.
 *
 * <h2>Cost</h2>
 *
 * <p>A guarded call does not pay a public-key signature each time: a call lease costs one
 * HMAC-SHA256 (well under a microsecond) plus JSON and base64, and an Ed25519 signature (about 23
 * µs with Bouncy Castle) is paid once per grant, that is once per task, audience and scope for as
 * long as the action kind's TTL limit allows. Verifying a call token in process costs one HMAC
 * when its grant is, character for character, one the vault minted and still holds; any other grant
 * is checked with Ed25519 (about 49 µs) first.
 *
 * <h2>What a downstream verifier checks</h2>
 *
 * <p>A service that holds only {@link #jwks()} verifies a task token, or the grant (first three
 * parts) of a call token, on its own: exactly three base64url parts without padding; a header of
 * exactly {@code alg} {@code EdDSA}, {@code typ} {@code JWT} and a {@code kid} found in the JWK set,
 * with no {@code jwk}, {@code jku}, {@code x5u}, {@code x5c} or {@code crit}; the Ed25519 signature
 * over {@code header.claims} with that key; integer {@code iat}, {@code nbf}, {@code exp}; {@code
 * nbf - skew <= now < exp + skew}; {@code iss} equal to the vault's issuer; {@code aud} equal to its
 * own audience; {@code scope} containing the action it is about to perform; and, if it knows them,
 * {@code sub} and {@code task_id}. It must refuse a token with {@code "call_bound":true} that comes
 * without its call part, because a grant alone is not a credential. It cannot check the call MAC
 * (the key stays in the vault), nor revocation (the list is in this process): argument binding
 * and revocation are enforced by {@link #verify}, in process, for both token kinds.
 *
 * <h2>TTL</h2>
 *
 * <p>A lease gets {@code exp = floor_to_second(min(now + requestedTtl, now + policyCap, now +
 * ttlLimit(action), notAfter))}. A requested TTL that is zero or negative, or above {@code
 * maxTtl} (default 24 h), is rejected, never replaced or clamped; below {@code maxTtl} it is
 * clamped, and the granted expiry is visible in {@link CredentialLease#expiresAt()}. Default limits
 * per action kind: {@code READ} 15 min; {@code WRITE}, {@code SEND}, {@code DELETE} 5 min; {@code
 * PAYMENT}, {@code EXECUTE} 1 min.
 *
 * <h2>Revocation</h2>
 *
 * <p>{@code revoke}, {@code revokeTask} and {@code revokeAgent} are synchronous and final, and
 * cascade to every lease leased under a revoked one with {@link #lease(LeaseRequest, String)}:
 * once they return, {@link #verify} refuses the revoked tokens with {@link Failure#REVOKED}, and {@link
 * #lease} refuses new leases for a revoked task or agent (or any lease whose delegation chain
 * contains a revoked agent). Revoked lease ids are kept until the token's expiry plus the clock
 * skew; revoked tasks and agents are kept for {@code maxTtl} plus the skew, long enough to outlive
 * every token issued before the revocation. After that window a revoked agent may lease again: keep
 * it out through its identity lifecycle.
 *
 * <h2>Time</h2>
 *
 * <p>Wall-clock time from the injected {@link Clock}; the vault never lets it run backwards (it
 * uses the latest instant it has seen), so revocations and expiries cannot be undone by a clock
 * step back.
 *
 * <p>Thread-safe. Leasing and revoking are serialized against each other by a read-write lock
 * (leases share it); verification takes no lock.
 *
 * @since 0.1.0
 */
public final class InMemoryCredentialVault implements CredentialVault {

  /** The largest clock skew a vault accepts (AC-48). */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** The default absolute maximum TTL a lease may request. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(24);

  /** The largest value {@link Builder#maxTtl(Duration)} accepts. */
  public static final Duration MAX_TTL_CEILING = Duration.ofDays(7);

  /** The longest delegation chain a lease may carry. */
  public static final int MAX_DELEGATION_DEPTH = 32;

  /** The longest token {@link #verify} decodes, in characters; longer ones are malformed. */
  public static final int MAX_TOKEN_CHARS = 16 * 1024;

  /** The default issuer name. */
  public static final String DEFAULT_ISSUER = "nhi-guard";

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryCredentialVault.class);

  private static final int MAX_TEXT_CHARS = 1024;
  private static final int MAX_SCOPE_TOKEN_CHARS = 256;
  private static final int MAC_KEY_BYTES = 32;
  private static final Set<String> HEADER_MEMBERS = Set.of("alg", "typ", "kid");
  private static final Set<String> KEY_HEADER_MEMBERS =
      Set.of("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256");
  private static final Set<String> CLAIM_MEMBERS =
      Set.of("iss", "sub", "aud", "scope", "iat", "nbf", "exp", "jti", "act", "task_id", "arg_digest", "call_bound");
  private static final Set<String> CALL_MEMBERS = Set.of("jti", "grant", "iat", "nbf", "exp", "arg_digest");
  private static final Set<String> ACT_MEMBERS = Set.of("sub", "act");

  private final Clock clock;
  private final String issuer;
  private final Duration clockSkew;
  private final Duration maxTtl;
  private final Map<ActionKind, Duration> ttlLimits;
  private final SecureRandom random = new SecureRandom();
  private final AtomicReference<Instant> highWater;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();
  private volatile SigningKey currentKey;

  private final Cache<String, CredentialLease> leases;
  private final Cache<String, Instant> revokedTokens;
  private final Cache<String, Instant> revokedTasks;
  private final Cache<AgentId, Instant> revokedAgents;
  private final Cache<String, Grant> grantsBySignature;
  private final Cache<GrantKey, Grant> grantsByKey;
  private final Cache<String, Children> children;

  private InMemoryCredentialVault(Builder builder) {
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
    this.issuer = builder.issuer == null ? DEFAULT_ISSUER : builder.issuer;
    this.clockSkew = builder.clockSkew == null ? Duration.ZERO : builder.clockSkew;
    this.maxTtl = builder.maxTtl == null ? DEFAULT_MAX_TTL : builder.maxTtl;
    EnumMap<ActionKind, Duration> limits = new EnumMap<>(ActionKind.class);
    limits.put(ActionKind.READ, Duration.ofMinutes(15));
    limits.put(ActionKind.WRITE, Duration.ofMinutes(5));
    limits.put(ActionKind.SEND, Duration.ofMinutes(5));
    limits.put(ActionKind.DELETE, Duration.ofMinutes(5));
    limits.put(ActionKind.PAYMENT, Duration.ofMinutes(1));
    limits.put(ActionKind.EXECUTE, Duration.ofMinutes(1));
    limits.putAll(builder.ttlLimits);
    for (Map.Entry<ActionKind, Duration> limit : limits.entrySet()) {
      if (limit.getValue().compareTo(maxTtl) > 0) {
        limits.put(limit.getKey(), maxTtl);
      }
    }
    this.ttlLimits = Collections.unmodifiableMap(limits);
    this.highWater = new AtomicReference<>(clock.instant());
    this.leases = cache((CredentialLease lease) -> lease.expiresAt().plus(clockSkew));
    this.revokedTokens = cache((Instant deadline) -> deadline);
    this.revokedTasks = cache((Instant deadline) -> deadline);
    this.revokedAgents = cache((Instant deadline) -> deadline);
    this.grantsBySignature =
        Caffeine.newBuilder()
            .ticker(() -> UntilDeadline.epochNanos(now()))
            .executor(Runnable::run)
            .expireAfter(new UntilDeadline<String, Grant>(grant -> grant.expiresAt.plus(clockSkew)))
            .removalListener((String signature, Grant grant, RemovalCause cause) -> {
              if (grant != null) {
                grant.destroy();
              }
            })
            .build();
    this.grantsByKey = cache((Grant grant) -> grant.expiresAt);
    this.children = cache((Children links) -> links.expiresAt().plus(clockSkew));
    SigningKey first = SigningKey.generate(random, now());
    keys.put(first.kid(), first);
    currentKey = first;
    LOG.info(
        "Credential vault opened: issuer '{}', signing key {}, clock skew {}, max TTL {}",
        SafeText.quote(issuer),
        first.kid(),
        clockSkew,
        maxTtl);
  }

  private <K, V> Cache<K, V> cache(java.util.function.Function<V, Instant> deadline) {
    return Caffeine.newBuilder()
        .ticker(() -> UntilDeadline.epochNanos(now()))
        .executor(Runnable::run)
        .expireAfter(new UntilDeadline<K, V>(deadline))
        .build();
  }

  /**
   * Starts a builder. Every option is optional and may be set once.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a vault with the system UTC clock, issuer {@value #DEFAULT_ISSUER}, no clock skew, a
   * maximum TTL of 24 h and the default per-action limits.
   *
   * @return a new vault
   */
  public static InMemoryCredentialVault ofDefaults() {
    return builder().build();
  }

  /**
   * Returns the issuer written to every token's {@code iss}.
   *
   * @return the issuer
   */
  public String issuer() {
    return issuer;
  }

  /**
   * Returns the clock skew tolerated when checking {@code exp} and {@code nbf}.
   *
   * @return the skew, in [0, 5 min]
   */
  public Duration clockSkew() {
    return clockSkew;
  }

  /**
   * Returns the largest TTL a lease may request; larger requests are rejected.
   *
   * @return the absolute maximum TTL
   */
  public Duration maxTtl() {
    return maxTtl;
  }

  /**
   * Returns the TTL limit of an action kind.
   *
   * @param action the action kind
   * @return the limit, positive and at most {@link #maxTtl()}
   * @throws NullPointerException if {@code action} is null
   */
  public Duration ttlLimit(ActionKind action) {
    return ttlLimits.get(Objects.requireNonNull(action, "action"));
  }

  /**
   * Returns the id of the key that signs new tokens.
   *
   * @return the {@code kid}, an RFC 7638 JWK thumbprint
   */
  public String currentKeyId() {
    return currentKey.kid();
  }

  /**
   * Leases a credential: a task token when {@code argumentDigest} is empty, otherwise a call token
   * bound to that digest (see the class documentation for both formats and the TTL rule).
   *
   * @param request what is needed
   * @return the credential; its token is secret and prints as {@code <redacted>}
   * @throws IllegalArgumentException if the requested TTL is zero, negative or above {@link
   *     #maxTtl()}, the policy cap is zero or negative, {@code notAfter} is not after now, or a text
   *     part is empty, too long or carries forbidden characters
   * @throws CredentialUnavailableException if the task, the holder or an agent of the delegation
   *     chain is revoked, or less than one second is left before {@code notAfter}
   * @throws NullPointerException if {@code request} is null
   */
  @Override
  public IssuedCredential lease(LeaseRequest request) {
    Objects.requireNonNull(request, "request");
    return issue(request, null);
  }

  /**
   * Leases a delegate's credential under a parent lease, so that the vault itself ties the child to
   * its parent (Vault-style token hierarchy, AC-53): the parent must be active (neither expired nor
   * revoked); the child's delegation chain must be the parent's chain followed by the parent's
   * holder; the child's expiry is clamped to the parent's, whatever {@code notAfter} says; and
   * revoking the parent, by {@link #revoke}, {@link #revokeTask} or {@link #revokeAgent}, revokes
   * the child and everything leased under it.
   *
   * @param request what the delegate needs; its TTL rules are those of {@link #lease(LeaseRequest)}
   * @param parentLeaseId the id of the parent's active lease
   * @return the child credential; its token is secret and prints as {@code <redacted>}
   * @throws IllegalArgumentException as for {@link #lease(LeaseRequest)}, or if the delegation chain
   *     does not extend the parent's by the parent's holder
   * @throws CredentialUnavailableException if the parent lease is unknown, expired or revoked, or as
   *     for {@link #lease(LeaseRequest)}
   * @throws NullPointerException if an argument is null
   */
  public IssuedCredential lease(LeaseRequest request, String parentLeaseId) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(parentLeaseId, "parentLeaseId");
    return issue(request, parentLeaseId);
  }

  private IssuedCredential issue(LeaseRequest requested, String parentLeaseId) {
    validate(requested);
    Instant now = now();
    Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
    String leaseId = newId();
    String token;
    CredentialLease lease;
    LeaseRequest request = requested;
    Instant expiresAt;
    lock.readLock().lock();
    try {
      refuseRevoked(request);
      CredentialLease parent = null;
      if (parentLeaseId != null) {
        parent = activeParent(parentLeaseId, request, now);
        if (parent.expiresAt().isBefore(request.notAfter())) {
          request = withNotAfter(request, parent.expiresAt());
        }
      }
      expiresAt = grantedExpiry(request, now, request.requestedTtl());
      lease =
          new CredentialLease(
              leaseId,
              request.agent(),
              request.taskId(),
              request.audience(),
              request.scope(),
              issuedAt,
              expiresAt,
              request.delegationChain(),
              request.argumentDigest());
      if (request.argumentDigest().isEmpty()) {
        SigningKey key = currentKey;
        key.extendTo(expiresAt);
        token = signJws(key, claims(lease, leaseId, false));
      } else {
        Grant grant = grantFor(request, now, expiresAt);
        token = callToken(grant, lease);
      }
      leases.put(leaseId, lease);
      if (parent != null) {
        Instant parentExpiry = parent.expiresAt();
        children.get(parent.leaseId(), id -> new Children(parentExpiry)).add(leaseId);
      }
    } finally {
      lock.readLock().unlock();
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "Leased {} credential {} to {} for task '{}', audience '{}', scope {}, {}, expires {}",
          request.argumentDigest().isEmpty() ? "task" : "call",
          leaseId,
          request.agent(),
          SafeText.quote(request.taskId()),
          SafeText.quote(request.audience()),
          SafeText.quote(String.join(" ", new TreeSet<>(request.scope()))),
          request.action(),
          expiresAt);
    }
    return new IssuedCredential(lease, new SecretToken(token.toCharArray()));
  }

  /**
   * Verifies a task token or a call token, in this order: shape (three or five base64url parts
   * without padding), header ({@code alg} exactly {@code EdDSA}, no embedded or referenced key,
   * known {@code kid}), Ed25519 signature (not repeated for a call token's grant that is, character
   * for character, one this vault minted and still holds), for a call token the grant's time
   * window, its presence and the HMAC, then claim types, time ({@code now >= exp + skew} is expired, {@code now < nbf -
   * skew} is not yet valid), audience, holder, task and revocation.
   *
   * @param token the token, at most {@value #MAX_TOKEN_CHARS} characters
   * @param expected the audience and, optionally, the holder and task the caller expects
   * @return the verified claims; for a call token, {@code jti}, {@code iat}, {@code nbf}, {@code
   *     exp} and the argument digest are the call's, the rest the grant's
   * @throws CredentialVerificationException if verification fails; the message never contains the
   *     token
   * @throws NullPointerException if an argument is null
   */
  @Override
  public CredentialClaims verify(String token, VerificationExpectations expected) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expected, "expected");
    if (token.length() > TokenCodec.MAX_TOKEN_CHARS) {
      throw TokenCodec.failure(
          Failure.MALFORMED,
          "the token has " + token.length() + " characters; expected at most " + TokenCodec.MAX_TOKEN_CHARS);
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 && parts.length != 5) {
      throw TokenCodec.failure(
          Failure.MALFORMED,
          "the token has " + parts.length + " dot-separated parts; expected 3 (task token) or 5 (call token)");
    }
    ObjectNode header = TokenCodec.decodeObject(parts[0], "JWS header", Failure.MALFORMED);
    SigningKey key = checkHeader(header);
    byte[] signature = TokenCodec.decode(parts[2], "signature");
    String signedPart = parts[0] + "." + parts[1];
    Grant known = parts.length == 5 ? grantsBySignature.getIfPresent(parts[2]) : null;
    boolean minted = known != null && known.jws.equals(signedPart + "." + parts[2]);
    if (!minted && !key.verify(TokenCodec.ascii(signedPart), signature)) {
      throw TokenCodec.failure(Failure.BAD_SIGNATURE, "the Ed25519 signature does not verify with key " + key.kid());
    }
    ObjectNode claimsNode = TokenCodec.decodeObject(parts[1], "claims", Failure.MALFORMED_CLAIMS);
    CredentialClaims claims = parseClaims(claimsNode, key.kid());
    boolean callBound = claimsNode.has("call_bound");
    String grantId = null;
    if (parts.length == 3) {
      if (callBound) {
        throw TokenCodec.failure(
            Failure.MALFORMED, "a call-bound grant was presented without its call part; present the whole call token");
      }
    } else {
      if (!callBound) {
        throw TokenCodec.failure(
            Failure.MALFORMED, "a task token was extended with call parts; a call token's grant is call-bound");
      }
      if (!claims.argumentDigest().isEmpty()) {
        throw TokenCodec.failure(Failure.MALFORMED_CLAIMS, "a call-bound grant must not carry 'arg_digest'");
      }
      grantId = claims.tokenId();
      checkTime(claims, now());
      Grant grant = grantsBySignature.getIfPresent(parts[2]);
      if (grant == null || !grant.id.equals(grantId)) {
        checkTime(claims, now());
        throw TokenCodec.failure(Failure.REVOKED, "the grant " + grantId + " of this call token was revoked");
      }
      byte[] mac = TokenCodec.decode(parts[4], "call MAC");
      if (!grant.verify(TokenCodec.ascii(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3]), mac)) {
        if (grantsBySignature.getIfPresent(parts[2]) != grant) {
          throw TokenCodec.failure(Failure.REVOKED, "the grant " + grantId + " of this call token was revoked");
        }
        throw TokenCodec.failure(Failure.BAD_SIGNATURE, "the call MAC does not verify under grant " + grantId);
      }
      ObjectNode call = TokenCodec.decodeObject(parts[3], "call claims", Failure.MALFORMED_CLAIMS);
      claims = mergeCall(claims, call);
    }
    checkTime(claims, now());
    if (!claims.audience().equals(expected.audience())) {
      throw TokenCodec.failure(
          Failure.WRONG_AUDIENCE,
          "the token's audience '" + SafeText.quote(claims.audience()) + "' is not the expected '"
              + SafeText.quote(expected.audience()) + "'; lease a credential for this audience");
    }
    if (expected.holder() != null && !claims.subject().equals(expected.holder())) {
      throw TokenCodec.failure(
          Failure.WRONG_HOLDER,
          "the token is held by " + claims.subject() + ", not the expected " + expected.holder());
    }
    if (expected.taskId() != null && !claims.taskId().equals(expected.taskId())) {
      throw TokenCodec.failure(
          Failure.WRONG_TASK,
          "the token belongs to task '" + SafeText.quote(claims.taskId()) + "', not the expected '"
              + SafeText.quote(expected.taskId()) + "'");
    }
    String revoked = revocationOf(claims, grantId);
    if (revoked != null) {
      throw TokenCodec.failure(Failure.REVOKED, revoked);
    }
    checkTime(claims, now());
    return claims;
  }

  /**
   * Revokes one lease and every lease leased under it with {@link #lease(LeaseRequest, String)},
   * recursively. Their tokens never verify again.
   *
   * @param leaseId the lease id ({@code jti})
   * @return true if a lease whose token could still verify (before its expiry plus the clock skew)
   *     was revoked; false if it is unknown, expired beyond the skew or already revoked
   * @throws NullPointerException if {@code leaseId} is null
   */
  @Override
  public boolean revoke(String leaseId) {
    Objects.requireNonNull(leaseId, "leaseId");
    lock.writeLock().lock();
    try {
      CredentialLease lease = leases.getIfPresent(leaseId);
      if (lease == null) {
        return false;
      }
      revokeTree(lease);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Revokes every lease of a task and everything leased under those leases, and refuses new leases
   * and tokens for the task for {@link #maxTtl()} plus the clock skew.
   *
   * @param taskId the task id
   * @return how many leases whose tokens could still verify were revoked
   * @throws NullPointerException if {@code taskId} is null
   */
  @Override
  public int revokeTask(String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    lock.writeLock().lock();
    try {
      revokedTasks.put(taskId, now().plus(maxTtl).plus(clockSkew));
      int count = 0;
      for (CredentialLease lease : List.copyOf(leases.asMap().values())) {
        if (lease.taskId().equals(taskId)) {
          count += revokeTree(lease);
        }
      }
      dropGrants(grant -> grant.key.taskId.equals(taskId));
      return count;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Revokes every lease held by an agent or whose delegation chain contains it, and everything
   * leased under those leases, and refuses new leases and tokens for the agent (as holder or
   * delegator) for {@link #maxTtl()} plus the clock skew.
   *
   * @param agent the agent
   * @return how many leases whose tokens could still verify were revoked
   * @throws NullPointerException if {@code agent} is null
   */
  @Override
  public int revokeAgent(AgentId agent) {
    Objects.requireNonNull(agent, "agent");
    lock.writeLock().lock();
    try {
      revokedAgents.put(agent, now().plus(maxTtl).plus(clockSkew));
      int count = 0;
      for (CredentialLease lease : List.copyOf(leases.asMap().values())) {
        if (lease.agent().equals(agent) || lease.delegationChain().contains(agent)) {
          count += revokeTree(lease);
        }
      }
      dropGrants(grant -> grant.key.agent.equals(agent) || grant.key.delegationChain.contains(agent));
      return count;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Lists the leases that are neither expired nor revoked, oldest first.
   *
   * @return a snapshot, without secrets
   */
  @Override
  public List<CredentialLease> activeLeases() {
    Instant now = now();
    List<CredentialLease> active = new ArrayList<>();
    for (CredentialLease lease : leases.asMap().values()) {
      if (lease.expiresAt().isAfter(now)) {
        active.add(lease);
      }
    }
    active.sort(Comparator.comparing(CredentialLease::issuedAt).thenComparing(CredentialLease::leaseId));
    return List.copyOf(active);
  }

  /**
   * Generates a new signing key and makes it current. The previous key stops signing at once and
   * keeps verifying until the last token it signed has expired (plus the clock skew); then it
   * leaves {@link #jwks()}.
   *
   * @return the new key's {@code kid}
   */
  public String rotateKey() {
    lock.writeLock().lock();
    try {
      SigningKey previous = currentKey;
      SigningKey next = SigningKey.generate(random, now());
      keys.put(next.kid(), next);
      currentKey = next;
      previous.retire();
      grantsByKey.invalidateAll();
      pruneRetiredKeys();
      LOG.info("Credential vault rotated its signing key: {} replaces {}", next.kid(), previous.kid());
      return next.kid();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Returns the public keys as a JWK Set (RFC 7517 section 5), current key first, each {@code
   * {"kty":"OKP","crv":"Ed25519","x":..,"kid":..,"use":"sig","alg":"EdDSA"}} (RFC 8037 section 2).
   * Retired keys stay in the set while tokens they signed may still be valid.
   *
   * @return the JWK Set JSON; it holds no private material
   */
  public String jwks() {
    lock.writeLock().lock();
    try {
      pruneRetiredKeys();
      ObjectNode set = TokenCodec.object();
      ArrayNode array = set.putArray("keys");
      SigningKey current = currentKey;
      array.add(current.toJwk());
      keys.values().stream()
          .filter(key -> key != current)
          .sorted(Comparator.comparing(SigningKey::kid))
          .forEach(key -> array.add(key.toJwk()));
      return set.toString();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Returns {@code InMemoryCredentialVault[issuer=.., currentKey=..]}; never key material.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "InMemoryCredentialVault[issuer=" + SafeText.quote(issuer) + ", currentKey=" + currentKey.kid() + "]";
  }

  // ---------------------------------------------------------------- test access (package-private)

  /** The signing key, for tests in this package that forge tokens with a valid signature. */
  SigningKey currentKeyForTest() {
    return currentKey;
  }

  /** How many entries the vault's caches hold after expired ones are cleaned up, for memory tests. */
  long cachedEntriesForTest() {
    long total = 0;
    for (Cache<?, ?> cache :
        List.of(leases, revokedTokens, revokedTasks, revokedAgents, grantsBySignature, grantsByKey, children)) {
      cache.cleanUp();
      total += cache.estimatedSize();
    }
    return total;
  }

  /** Every secret the vault holds (private key and grant MAC keys), for leak tests. */
  List<byte[]> secretMaterialForTest() {
    List<byte[]> secrets = new ArrayList<>();
    for (SigningKey key : keys.values()) {
      byte[] bytes = key.privateKeyBytesForTest();
      if (bytes.length > 0) {
        secrets.add(bytes);
      }
    }
    for (Grant grant : grantsBySignature.asMap().values()) {
      secrets.add(grant.macKey.clone());
    }
    return secrets;
  }

  // ---------------------------------------------------------------- leasing

  private Instant now() {
    Instant observed = clock.instant();
    return highWater.accumulateAndGet(observed, (a, b) -> a.isAfter(b) ? a : b);
  }

  private void validate(LeaseRequest request) {
    text(request.taskId(), "taskId");
    text(request.audience(), "audience");
    if (request.scope().isEmpty()) {
      throw new IllegalArgumentException("The lease scope is empty; name at least one permitted action");
    }
    for (String scope : request.scope()) {
      if (!isScopeToken(scope) || scope.length() > MAX_SCOPE_TOKEN_CHARS) {
        throw new IllegalArgumentException(
            "The scope value '" + SafeText.quote(scope) + "' is not an RFC 6749 scope token of 1 to "
                + MAX_SCOPE_TOKEN_CHARS + " printable ASCII characters without space, '\"' or '\\'");
      }
    }
    String digest = request.argumentDigest();
    if (!digest.isEmpty() && (!isScopeToken(digest) || digest.length() > MAX_SCOPE_TOKEN_CHARS)) {
      throw new IllegalArgumentException(
          "The argument digest '" + SafeText.quote(digest) + "' must be empty or 1 to " + MAX_SCOPE_TOKEN_CHARS
              + " printable ASCII characters without space, '\"' or '\\'");
    }
    if (request.delegationChain().size() > MAX_DELEGATION_DEPTH) {
      throw new IllegalArgumentException(
          "The delegation chain has " + request.delegationChain().size() + " agents; at most "
              + MAX_DELEGATION_DEPTH + " are accepted");
    }
    Duration requested = request.requestedTtl();
    if (requested.isZero() || requested.isNegative()) {
      throw new IllegalArgumentException(
          "The requested TTL " + requested + " is not positive; request a positive TTL no longer than the task needs"
              + " (a missing or non-positive TTL is never replaced by a default)");
    }
    if (requested.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException(
          "The requested TTL " + requested + " exceeds the vault's absolute maximum " + maxTtl
              + "; request a short-lived credential and renew it per task");
    }
    Duration cap = request.policyCap();
    if (cap != null && (cap.isZero() || cap.isNegative())) {
      throw new IllegalArgumentException(
          "The policy TTL cap " + cap + " is not positive; a policy that allows no credential must deny the call");
    }
  }

  private static void text(String value, String name) {
    if (value.isEmpty() || value.length() > MAX_TEXT_CHARS) {
      throw new IllegalArgumentException(
          "The lease " + name + " '" + SafeText.quote(value) + "' has " + value.length()
              + " characters; expected 1 to " + MAX_TEXT_CHARS);
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            "The lease " + name + " '" + SafeText.quote(value) + "' contains a control character; remove it");
      }
    }
  }

  private static boolean isScopeToken(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private Instant grantedExpiry(LeaseRequest request, Instant now, Duration ttl) {
    if (!request.notAfter().isAfter(now)) {
      throw new IllegalArgumentException(
          "The lease notAfter " + request.notAfter() + " is not after now " + now
              + "; the task deadline or parent credential has passed");
    }
    Instant end = now.plus(ttl);
    if (request.policyCap() != null) {
      end = earliest(end, now.plus(request.policyCap()));
    }
    end = earliest(end, now.plus(ttlLimits.get(request.action())));
    end = earliest(end, request.notAfter());
    end = end.truncatedTo(ChronoUnit.SECONDS);
    if (!end.isAfter(now)) {
      throw new CredentialUnavailableException(
          "Less than one second is left before notAfter " + request.notAfter()
              + "; token expiry is in whole seconds, so no credential can be issued; extend the deadline or end the task");
    }
    return end;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private void refuseRevoked(LeaseRequest request) {
    if (revokedTasks.getIfPresent(request.taskId()) != null) {
      throw new CredentialUnavailableException(
          "Task '" + SafeText.quote(request.taskId()) + "' is revoked; no credential is leased for it");
    }
    if (revokedAgents.getIfPresent(request.agent()) != null) {
      throw new CredentialUnavailableException(
          "Agent " + request.agent() + " is revoked; no credential is leased to it");
    }
    for (AgentId delegator : request.delegationChain()) {
      if (revokedAgents.getIfPresent(delegator) != null) {
        throw new CredentialUnavailableException(
            "Delegating agent " + delegator + " is revoked; no credential is leased through it");
      }
    }
  }

  private String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return TokenCodec.encode(bytes);
  }

  private ObjectNode claims(CredentialLease lease, String id, boolean callBound) {
    ObjectNode claims = TokenCodec.object();
    claims.put("iss", issuer);
    claims.put("sub", lease.agent().value());
    claims.put("aud", lease.audience());
    claims.put("scope", String.join(" ", new TreeSet<>(lease.scope())));
    claims.put("iat", lease.issuedAt().getEpochSecond());
    claims.put("nbf", lease.issuedAt().getEpochSecond());
    claims.put("exp", lease.expiresAt().getEpochSecond());
    claims.put("jti", id);
    if (!lease.delegationChain().isEmpty()) {
      claims.set("act", actClaim(lease.delegationChain()));
    }
    claims.put("task_id", lease.taskId());
    if (callBound) {
      claims.put("call_bound", true);
    } else if (!lease.argumentDigest().isEmpty()) {
      claims.put("arg_digest", lease.argumentDigest());
    }
    return claims;
  }

  private static ObjectNode actClaim(List<AgentId> chain) {
    ObjectNode inner = null;
    for (AgentId agent : chain) {
      ObjectNode node = TokenCodec.object();
      node.put("sub", agent.value());
      if (inner != null) {
        node.set("act", inner);
      }
      inner = node;
    }
    return inner;
  }

  private static String signJws(SigningKey key, ObjectNode claims) {
    ObjectNode header = TokenCodec.object();
    header.put("alg", "EdDSA");
    header.put("typ", "JWT");
    header.put("kid", key.kid());
    String signingInput = TokenCodec.encodeJson(header) + "." + TokenCodec.encodeJson(claims);
    return signingInput + "." + TokenCodec.encode(key.sign(TokenCodec.ascii(signingInput)));
  }

  private Grant grantFor(LeaseRequest request, Instant now, Instant callExpiry) {
    GrantKey key = new GrantKey(request);
    SigningKey signer = currentKey;
    return grantsByKey
        .asMap()
        .compute(
            key,
            (k, existing) -> {
              if (existing != null
                  && existing.kid.equals(signer.kid())
                  && !existing.expiresAt.isBefore(callExpiry)
                  && grantsBySignature.getIfPresent(existing.signature()) == existing) {
                return existing;
              }
              Instant expiresAt = grantedExpiry(request, now, maxTtl);
              String id = newId();
              CredentialLease shape =
                  new CredentialLease(
                      id,
                      request.agent(),
                      request.taskId(),
                      request.audience(),
                      request.scope(),
                      now.truncatedTo(ChronoUnit.SECONDS),
                      expiresAt,
                      request.delegationChain(),
                      "");
              signer.extendTo(expiresAt);
              String jws = signJws(signer, claims(shape, id, true));
              byte[] macKey = new byte[MAC_KEY_BYTES];
              random.nextBytes(macKey);
              Grant grant = new Grant(id, k, signer.kid(), jws, macKey, expiresAt);
              grantsBySignature.put(grant.signature(), grant);
              return grant;
            });
  }

  private static String callToken(Grant grant, CredentialLease lease) {
    ObjectNode call = TokenCodec.object();
    call.put("jti", lease.leaseId());
    call.put("grant", grant.id);
    call.put("iat", lease.issuedAt().getEpochSecond());
    call.put("nbf", lease.issuedAt().getEpochSecond());
    call.put("exp", lease.expiresAt().getEpochSecond());
    call.put("arg_digest", lease.argumentDigest());
    String macInput = grant.jws + "." + TokenCodec.encodeJson(call);
    return macInput + "." + TokenCodec.encode(grant.mac(TokenCodec.ascii(macInput)));
  }

  // ---------------------------------------------------------------- verification

  private SigningKey checkHeader(ObjectNode header) {
    JsonNode alg = header.get("alg");
    if (alg == null) {
      throw TokenCodec.failure(Failure.ALGORITHM_NOT_ALLOWED, "the JWS header names no 'alg'; expected EdDSA");
    }
    if (!alg.isTextual() || !"EdDSA".equals(alg.textValue())) {
      throw TokenCodec.failure(
          Failure.ALGORITHM_NOT_ALLOWED,
          "the JWS algorithm '" + SafeText.quote(alg.isTextual() ? alg.textValue() : alg.toString())
              + "' is not allowed; only EdDSA (Ed25519) is accepted");
    }
    for (String member : KEY_HEADER_MEMBERS) {
      if (header.has(member)) {
        throw TokenCodec.failure(
            Failure.EMBEDDED_KEY,
            "the JWS header carries '" + member + "'; keys come only from the vault's own key set");
      }
    }
    TokenCodec.onlyMembers(header, HEADER_MEMBERS, "JWS header", Failure.MALFORMED);
    JsonNode typ = header.get("typ");
    if (typ == null || !typ.isTextual() || !"JWT".equals(typ.textValue())) {
      throw TokenCodec.failure(Failure.MALFORMED, "the JWS header 'typ' must be the string JWT");
    }
    JsonNode kid = header.get("kid");
    if (kid == null) {
      throw TokenCodec.failure(Failure.UNKNOWN_KEY, "the JWS header names no 'kid'");
    }
    if (!kid.isTextual()) {
      throw TokenCodec.failure(Failure.MALFORMED, "the JWS header 'kid' is not a string");
    }
    SigningKey key = keys.get(kid.textValue());
    if (key == null) {
      throw TokenCodec.failure(
          Failure.UNKNOWN_KEY, "no key with kid '" + SafeText.quote(kid.textValue()) + "' is known to this vault");
    }
    return key;
  }

  private CredentialClaims parseClaims(ObjectNode node, String kid) {
    TokenCodec.onlyMembers(node, CLAIM_MEMBERS, "claims", Failure.MALFORMED_CLAIMS);
    String iss = TokenCodec.string(node, "iss", "claims");
    if (!iss.equals(issuer)) {
      throw TokenCodec.failure(
          Failure.MALFORMED_CLAIMS,
          "the issuer '" + SafeText.quote(iss) + "' is not this vault's '" + SafeText.quote(issuer) + "'");
    }
    AgentId subject = agent(TokenCodec.string(node, "sub", "claims"), "sub");
    String audience = TokenCodec.string(node, "aud", "claims");
    Set<String> scope = scope(TokenCodec.string(node, "scope", "claims"));
    Instant iat = TokenCodec.seconds(node, "iat", "claims");
    Instant nbf = TokenCodec.seconds(node, "nbf", "claims");
    Instant exp = TokenCodec.seconds(node, "exp", "claims");
    String jti = TokenCodec.string(node, "jti", "claims");
    List<AgentId> actors = node.has("act") ? actors(node.get("act")) : List.of();
    String taskId = TokenCodec.string(node, "task_id", "claims");
    String digest = node.has("arg_digest") ? TokenCodec.string(node, "arg_digest", "claims") : "";
    if (node.has("call_bound")) {
      JsonNode bound = node.get("call_bound");
      if (!bound.isBoolean() || !bound.booleanValue()) {
        throw TokenCodec.failure(Failure.MALFORMED_CLAIMS, "the claim 'call_bound' must be the boolean true");
      }
    }
    checkOrder(iat, nbf, exp);
    return new CredentialClaims(issuer, subject, audience, scope, iat, nbf, exp, jti, actors, taskId, digest, kid);
  }

  private static void checkOrder(Instant iat, Instant nbf, Instant exp) {
    if (iat.isAfter(nbf) || !nbf.isBefore(exp)) {
      throw TokenCodec.failure(
          Failure.MALFORMED_CLAIMS, "the times are out of order; expected iat <= nbf < exp");
    }
  }

  private static AgentId agent(String value, String claim) {
    if (!AgentId.isValid(value)) {
      throw TokenCodec.failure(
          Failure.MALFORMED_CLAIMS, "the claim '" + claim + "' is not a valid SPIFFE ID: '" + SafeText.quote(value) + "'");
    }
    return AgentId.of(value);
  }

  private static Set<String> scope(String value) {
    Set<String> scope = new LinkedHashSet<>(Arrays.asList(value.split(" ", -1)));
    for (String token : scope) {
      if (!isScopeToken(token)) {
        throw TokenCodec.failure(
            Failure.MALFORMED_CLAIMS, "the claim 'scope' is not a space-delimited list of scope tokens");
      }
    }
    return scope;
  }

  private static List<AgentId> actors(JsonNode act) {
    List<AgentId> nearestFirst = new ArrayList<>();
    JsonNode current = act;
    while (current != null) {
      if (!current.isObject()) {
        throw TokenCodec.failure(Failure.MALFORMED_CLAIMS, "the claim 'act' must be a JSON object (RFC 8693 section 4.1)");
      }
      ObjectNode node = (ObjectNode) current;
      TokenCodec.onlyMembers(node, ACT_MEMBERS, "act claim", Failure.MALFORMED_CLAIMS);
      nearestFirst.add(agent(TokenCodec.string(node, "sub", "act claim"), "act.sub"));
      if (nearestFirst.size() > MAX_DELEGATION_DEPTH) {
        throw TokenCodec.failure(
            Failure.MALFORMED_CLAIMS, "the claim 'act' nests deeper than " + MAX_DELEGATION_DEPTH + " actors");
      }
      current = node.get("act");
    }
    Collections.reverse(nearestFirst);
    return nearestFirst;
  }

  private static CredentialClaims mergeCall(CredentialClaims grant, ObjectNode call) {
    TokenCodec.onlyMembers(call, CALL_MEMBERS, "call claims", Failure.MALFORMED_CLAIMS);
    String jti = TokenCodec.string(call, "jti", "call claims");
    String grantId = TokenCodec.string(call, "grant", "call claims");
    Instant iat = TokenCodec.seconds(call, "iat", "call claims");
    Instant nbf = TokenCodec.seconds(call, "nbf", "call claims");
    Instant exp = TokenCodec.seconds(call, "exp", "call claims");
    String digest = TokenCodec.string(call, "arg_digest", "call claims");
    if (!grantId.equals(grant.tokenId())) {
      throw TokenCodec.failure(Failure.MALFORMED_CLAIMS, "the call claims name another grant than the one they carry");
    }
    checkOrder(iat, nbf, exp);
    if (nbf.isBefore(grant.notBefore()) || exp.isAfter(grant.expiresAt())) {
      throw TokenCodec.failure(Failure.MALFORMED_CLAIMS, "the call's validity window is not inside its grant's");
    }
    return new CredentialClaims(
        grant.issuer(),
        grant.subject(),
        grant.audience(),
        grant.scope(),
        iat,
        nbf,
        exp,
        jti,
        grant.actors(),
        grant.taskId(),
        digest,
        grant.keyId());
  }

  private void checkTime(CredentialClaims claims, Instant now) {
    if (!now.isBefore(claims.expiresAt().plus(clockSkew))) {
      throw TokenCodec.failure(
          Failure.EXPIRED,
          "the token expired at " + claims.expiresAt() + " (clock skew " + clockSkew + "); now is " + now
              + "; lease a new credential");
    }
    if (now.isBefore(claims.notBefore().minus(clockSkew))) {
      throw TokenCodec.failure(
          Failure.NOT_YET_VALID,
          "the token is not valid before " + claims.notBefore() + " (clock skew " + clockSkew + "); now is " + now);
    }
  }

  private String revocationOf(CredentialClaims claims, String grantId) {
    if (revokedTokens.getIfPresent(claims.tokenId()) != null) {
      return "the lease " + claims.tokenId() + " was revoked";
    }
    if (grantId != null && revokedTokens.getIfPresent(grantId) != null) {
      return "the grant " + grantId + " was revoked";
    }
    if (revokedTasks.getIfPresent(claims.taskId()) != null) {
      return "the task '" + SafeText.quote(claims.taskId()) + "' was revoked";
    }
    if (revokedAgents.getIfPresent(claims.subject()) != null) {
      return "the holder " + claims.subject() + " was revoked";
    }
    for (AgentId actor : claims.actors()) {
      if (revokedAgents.getIfPresent(actor) != null) {
        return "the delegating agent " + actor + " was revoked";
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- revocation and keys

  /** Revokes a lease and every lease leased under it, recursively; returns how many were active. */
  private int revokeTree(CredentialLease root) {
    int count = 0;
    java.util.ArrayDeque<CredentialLease> pending = new java.util.ArrayDeque<>();
    pending.add(root);
    while (!pending.isEmpty()) {
      CredentialLease lease = pending.poll();
      if (leases.getIfPresent(lease.leaseId()) == null) {
        continue;
      }
      revokedTokens.put(lease.leaseId(), lease.expiresAt().plus(clockSkew));
      leases.invalidate(lease.leaseId());
      count++;
      Children links = children.getIfPresent(lease.leaseId());
      if (links != null) {
        for (String childId : links.ids()) {
          CredentialLease child = leases.getIfPresent(childId);
          if (child != null) {
            pending.add(child);
          }
        }
      }
    }
    return count;
  }

  private CredentialLease activeParent(String parentLeaseId, LeaseRequest request, Instant now) {
    CredentialLease parent = leases.getIfPresent(parentLeaseId);
    if (parent == null || !parent.expiresAt().isAfter(now)) {
      throw new CredentialUnavailableException(
          "The parent lease '" + SafeText.quote(parentLeaseId)
              + "' is unknown, expired or revoked; a delegate's credential needs an active parent");
    }
    List<AgentId> expected = new ArrayList<>(parent.delegationChain());
    expected.add(parent.agent());
    if (!request.delegationChain().equals(expected)) {
      throw new IllegalArgumentException(
          "The delegation chain " + request.delegationChain() + " does not extend the parent lease's chain "
              + parent.delegationChain() + " by its holder " + parent.agent() + "; pass " + expected);
    }
    return parent;
  }

  private static LeaseRequest withNotAfter(LeaseRequest request, Instant notAfter) {
    return new LeaseRequest(
        request.agent(),
        request.taskId(),
        request.audience(),
        request.scope(),
        request.action(),
        request.requestedTtl(),
        request.policyCap(),
        notAfter,
        request.delegationChain(),
        request.argumentDigest());
  }

  private void dropGrants(java.util.function.Predicate<Grant> doomed) {
    for (Grant grant : List.copyOf(grantsBySignature.asMap().values())) {
      if (doomed.test(grant)) {
        revokedTokens.put(grant.id, grant.expiresAt.plus(clockSkew));
        grantsByKey.asMap().remove(grant.key, grant);
        grantsBySignature.invalidate(grant.signature());
      }
    }
  }

  private void pruneRetiredKeys() {
    Instant now = now();
    keys.values()
        .removeIf(key -> key.isRetired() && !now.isBefore(key.lastExpiry().plus(clockSkew)));
  }

  /** The identity of a grant: every input that shapes its claims and expiry. */
  private static final class GrantKey {
    private final AgentId agent;
    private final String taskId;
    private final String audience;
    private final Set<String> scope;
    private final ActionKind action;
    private final List<AgentId> delegationChain;
    private final Duration policyCap;
    private final Instant notAfter;

    GrantKey(LeaseRequest request) {
      this.agent = request.agent();
      this.taskId = request.taskId();
      this.audience = request.audience();
      this.scope = request.scope();
      this.action = request.action();
      this.delegationChain = request.delegationChain();
      this.policyCap = request.policyCap();
      this.notAfter = request.notAfter();
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof GrantKey)) {
        return false;
      }
      GrantKey that = (GrantKey) other;
      return agent.equals(that.agent)
          && taskId.equals(that.taskId)
          && audience.equals(that.audience)
          && scope.equals(that.scope)
          && action == that.action
          && delegationChain.equals(that.delegationChain)
          && Objects.equals(policyCap, that.policyCap)
          && notAfter.equals(that.notAfter);
    }

    @Override
    public int hashCode() {
      return Objects.hash(agent, taskId, audience, scope, action, delegationChain, policyCap, notAfter);
    }
  }

  /**
   * The leases leased under one parent lease; kept until the parent expires, which no child
   * outlives.
   */
  private static final class Children {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final Instant expiresAt;

    Children(Instant parentExpiry) {
      this.expiresAt = parentExpiry;
    }

    void add(String id) {
      ids.add(id);
    }

    Set<String> ids() {
      return ids;
    }

    Instant expiresAt() {
      return expiresAt;
    }
  }

  /** A signed grant and the MAC key that authenticates the calls made under it. */
  private static final class Grant {
    private final String id;
    private final GrantKey key;
    private final String kid;
    private final String jws;
    private final byte[] macKey;
    private final Instant expiresAt;

    Grant(String id, GrantKey key, String kid, String jws, byte[] macKey, Instant expiresAt) {
      this.id = id;
      this.key = key;
      this.kid = kid;
      this.jws = jws;
      this.macKey = macKey;
      this.expiresAt = expiresAt;
    }

    /** The grant's JWS signature part, which names it uniquely (Ed25519 signatures are deterministic). */
    String signature() {
      return jws.substring(jws.lastIndexOf('.') + 1);
    }

    byte[] mac(byte[] input) {
      HMac hmac = new HMac(new SHA256Digest());
      synchronized (macKey) {
        hmac.init(new KeyParameter(macKey));
      }
      hmac.update(input, 0, input.length);
      byte[] out = new byte[hmac.getMacSize()];
      hmac.doFinal(out, 0);
      return out;
    }

    boolean verify(byte[] input, byte[] mac) {
      return org.bouncycastle.util.Arrays.constantTimeAreEqual(mac(input), mac);
    }

    void destroy() {
      synchronized (macKey) {
        Arrays.fill(macKey, (byte) 0);
      }
    }

    @Override
    public String toString() {
      return "Grant[" + id + "]";
    }
  }

  /**
   * Builds an {@link InMemoryCredentialVault}. Each option may be set at most once; unset options
   * take the documented defaults.
   *
   * <p>Not thread-safe; the built vault is.
   */
  public static final class Builder {
    private Clock clock;
    private String issuer;
    private Duration clockSkew;
    private Duration maxTtl;
    private final EnumMap<ActionKind, Duration> ttlLimits = new EnumMap<>(ActionKind.class);

    private Builder() {}

    /**
     * Sets the wall clock that decides {@code iat}, {@code exp} and expiry checks. Default: {@link
     * Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     * @throws IllegalStateException if the clock was already set
     */
    public Builder clock(Clock clock) {
      requireUnset(this.clock, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the issuer written to {@code iss} and required by verification. Default: {@value
     * #DEFAULT_ISSUER}.
     *
     * @param issuer 1 to 1024 printable characters, for example {@code https://vault.example.org}
     * @return this builder
     * @throws NullPointerException if {@code issuer} is null
     * @throws IllegalStateException if the issuer was already set
     * @throws IllegalArgumentException if {@code issuer} is empty, too long or has control characters
     */
    public Builder issuer(String issuer) {
      requireUnset(this.issuer, "issuer");
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isEmpty() || issuer.length() > MAX_TEXT_CHARS || issuer.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "The issuer '" + SafeText.quote(issuer) + "' must be 1 to " + MAX_TEXT_CHARS
                + " characters without control characters");
      }
      this.issuer = issuer;
      return this;
    }

    /**
     * Sets the clock skew tolerated on {@code exp} and {@code nbf}. Default: zero. Checked in
     * {@link #build()}: it must lie in [0, 5 min] (AC-48).
     *
     * @param clockSkew the skew
     * @return this builder
     * @throws NullPointerException if {@code clockSkew} is null
     * @throws IllegalStateException if the skew was already set
     */
    public Builder clockSkew(Duration clockSkew) {
      requireUnset(this.clockSkew, "clockSkew");
      this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
      return this;
    }

    /**
     * Sets the absolute maximum TTL a lease may request; larger requests are rejected, not
     * clamped. Default: 24 h. Checked in {@link #build()}: positive and at most 7 days.
     *
     * @param maxTtl the maximum
     * @return this builder
     * @throws NullPointerException if {@code maxTtl} is null
     * @throws IllegalStateException if the maximum was already set
     */
    public Builder maxTtl(Duration maxTtl) {
      requireUnset(this.maxTtl, "maxTtl");
      this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
      return this;
    }

    /**
     * Sets the TTL limit of one action kind; granted TTLs are clamped to it. Defaults: {@code READ}
     * 15 min; {@code WRITE}, {@code SEND}, {@code DELETE} 5 min; {@code PAYMENT}, {@code EXECUTE} 1
     * min. Checked in {@link #build()}: positive and at most the maximum TTL.
     *
     * @param action the action kind
     * @param limit the limit
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if this kind's limit was already set
     */
    public Builder ttlLimit(ActionKind action, Duration limit) {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(limit, "limit");
      requireUnset(ttlLimits.get(action), "ttlLimit(" + action + ")");
      ttlLimits.put(action, limit);
      return this;
    }

    /**
     * Builds the vault and generates its first signing key.
     *
     * @return the vault
     * @throws IllegalArgumentException if the clock skew is outside [0, 5 min], the maximum TTL is
     *     not in (0, 7 days], or a TTL limit is not positive or exceeds the maximum TTL
     */
    public InMemoryCredentialVault build() {
      if (clockSkew != null && (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0)) {
        throw new IllegalArgumentException(
            "The clock skew " + clockSkew + " is outside [PT0S, " + MAX_CLOCK_SKEW
                + "]; synchronize clocks instead of widening the window");
      }
      Duration max = maxTtl == null ? DEFAULT_MAX_TTL : maxTtl;
      if (max.isZero() || max.isNegative() || max.compareTo(MAX_TTL_CEILING) > 0) {
        throw new IllegalArgumentException(
            "The maximum TTL " + max + " is outside (PT0S, " + MAX_TTL_CEILING + "]; credentials must be short-lived");
      }
      for (Map.Entry<ActionKind, Duration> limit : ttlLimits.entrySet()) {
        Duration value = limit.getValue();
        if (value.isZero() || value.isNegative() || value.compareTo(max) > 0) {
          throw new IllegalArgumentException(
              "The TTL limit " + value + " for " + limit.getKey() + " is outside (PT0S, " + max + "]");
        }
      }
      return new InMemoryCredentialVault(this);
    }

    private static void requireUnset(Object current, String option) {
      if (current != null) {
        throw new IllegalStateException("The option " + option + " was already set; set each option once");
      }
    }
  }
}
