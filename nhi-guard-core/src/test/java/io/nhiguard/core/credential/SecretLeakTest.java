package io.nhiguard.core.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.api.VerificationExpectations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs the vault through leases, verifications, failures, revocations and a key rotation while
 * capturing everything written to the console (where slf4j-simple logs) and every exception, then
 * searches that text for tokens, signatures, MACs and key material.
 */
final class SecretLeakTest {

  private static void attemptAll(List<Runnable> failing, StringWriter failures) {
    for (Runnable run : failing) {
      try {
        run.run();
        throw new AssertionError("expected a failure");
      } catch (IllegalArgumentException | io.nhiguard.api.CredentialUnavailableException e) {
        e.printStackTrace(new PrintWriter(failures));
        failures.append(e.toString()).append('\n');
      }
    }
    failing.clear();
  }

  @Test
  void logsAndExceptionMessagesNeverContainTokensOrKeys() {
    assertThat(LoggerFactory.getLogger(InMemoryCredentialVault.class).isDebugEnabled())
        .as("src/test/resources/simplelogger.properties enables DEBUG for the credential package")
        .isTrue();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
    List<String> tokens = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>();
    StringWriter failures = new StringWriter();
    List<String> printed = new ArrayList<>();
    System.setErr(capture);
    System.setOut(capture);
    try {
      MutableClock clock = MutableClock.at("2026-11-30T10:00:00Z");
      InMemoryCredentialVault vault = InMemoryCredentialVault.builder().clock(clock).build();
      VerificationExpectations ok = VerificationExpectations.audience(Leases.AUDIENCE);
      List<IssuedCredential> issued = new ArrayList<>();
      issued.add(vault.lease(Leases.task(Duration.ofMinutes(1))));
      issued.add(vault.lease(Leases.call(Duration.ofMinutes(1), "sha256-one")));
      issued.add(vault.lease(Leases.call(Duration.ofMinutes(1), "sha256-two")));
      issued.add(vault.lease(Leases.of(Leases.AGENT, "task-2", ActionKind.PAYMENT, Duration.ofMinutes(1), null,
          Leases.FAR, List.of(Leases.PARENT), "sha256-pay")));
      secrets.addAll(vault.secretMaterialForTest());
      for (IssuedCredential credential : issued) {
        String token = credential.token().reveal();
        tokens.add(token);
        vault.verify(token, ok);
        printed.add(credential.toString());
        printed.add(credential.lease().toString());
        printed.add(String.valueOf(credential.token()));
      }
      printed.add(vault.toString());
      printed.add(vault.jwks());
      List<Runnable> failing = new ArrayList<>();
      for (String token : tokens) {
        String[] parts = token.split("\\.");
        failing.add(() -> vault.verify(token, VerificationExpectations.audience("https://other.example")));
        failing.add(() -> vault.verify(token, new VerificationExpectations(Leases.AUDIENCE, Leases.OTHER, null)));
        failing.add(() -> vault.verify(token, new VerificationExpectations(Leases.AUDIENCE, null, "nope")));
        failing.add(() -> vault.verify(token + "x", ok));
        failing.add(() -> vault.verify(token.substring(0, token.length() - 2), ok));
        if (parts.length == 5) {
          failing.add(() -> vault.verify(parts[0] + "." + parts[1] + "." + parts[2], ok));
        }
        failing.add(() -> vault.verify(token.replace('.', ','), ok));
      }
      failing.add(() -> vault.lease(Leases.task(Duration.ZERO)));
      failing.add(() -> vault.lease(Leases.task(Duration.ofDays(365))));
      attemptAll(failing, failures);
      vault.revokeTask(Leases.TASK);
      failing.add(() -> vault.lease(Leases.task(Duration.ofMinutes(1))));
      for (String token : tokens.subList(0, 3)) {
        failing.add(() -> vault.verify(token, ok));
      }
      attemptAll(failing, failures);
      vault.rotateKey();
      secrets.addAll(vault.secretMaterialForTest());
      clock.advance(Duration.ofMinutes(5));
      for (String token : tokens) {
        failing.add(() -> vault.verify(token, ok));
      }
      attemptAll(failing, failures);
      vault.revokeAgent(Leases.AGENT);
      vault.jwks();
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }

    String logged = console.toString(StandardCharsets.UTF_8);
    String everything = logged + "\n" + failures + "\n" + String.join("\n", printed);
    assertThat(logged).contains("Credential vault opened").contains("rotated its signing key").contains("Leased call credential");
    assertThat(failures.toString()).contains("WRONG_AUDIENCE").contains("REVOKED").contains("EXPIRED").contains("BAD_SIGNATURE");
    for (String token : tokens) {
      assertThat(everything).doesNotContain(token);
      String[] parts = token.split("\\.");
      assertThat(everything).doesNotContain(parts[2]);
      if (parts.length == 5) {
        assertThat(everything).doesNotContain(parts[4]);
      }
    }
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
    for (byte[] secret : secrets) {
      assertThat(everything)
          .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
          .doesNotContain(Base64.getEncoder().encodeToString(secret))
          .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret));
    }
  }
}
