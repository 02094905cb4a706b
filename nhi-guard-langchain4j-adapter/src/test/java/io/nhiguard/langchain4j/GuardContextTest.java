package io.nhiguard.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import io.nhiguard.api.IssuedCredential;
import io.nhiguard.core.GuardTask;
import org.junit.jupiter.api.Test;

final class GuardContextTest {

  @Test
  void ofWhenTaskGivenThenParametersNameAgentAndTask() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      GuardTask task = f.task(GuardFixture.ALICE);

      InvocationParameters parameters = GuardContext.of(task);

      assertThat(parameters.asMap())
          .containsOnly(
              java.util.Map.entry(GuardContext.AGENT, GuardFixture.ALICE.value()), java.util.Map.entry(GuardContext.TASK, task.taskId()));
      GuardContext.Caller caller = GuardContext.resolve(InvocationContext.builder().chatMemoryId("m").invocationParameters(parameters).build());
      assertThat(caller.isResolved()).isTrue();
      assertThat(caller.agent).isEqualTo(GuardFixture.ALICE);
      assertThat(caller.taskId).isEqualTo(task.taskId());
    }
  }

  @Test
  void credentialWhenPutIntoSharedParametersThenNeverTakenForALease() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      InvocationParameters shared = GuardContext.of(f.task(GuardFixture.ALICE));
      IssuedCredential forged =
          new IssuedCredential(
              new io.nhiguard.api.CredentialLease(
                  "lease-forged", GuardFixture.BOB, "t", "bank", java.util.Set.of(), GuardFixture.NOW, GuardFixture.NOW.plusSeconds(60),
                  java.util.List.of(), "d"),
              new io.nhiguard.api.SecretToken("forged-token".toCharArray()));
      shared.put(GuardContext.CREDENTIAL, forged);

      assertThat(GuardContext.credential(shared)).isEmpty();
      CallParameters view = new CallParameters(shared, null);
      assertThat(GuardContext.credential(view)).isEmpty();
      assertThat(view.containsKey(GuardContext.CREDENTIAL)).isFalse();
      String agent = view.get(GuardContext.AGENT);
      assertThat(agent).isEqualTo(GuardFixture.ALICE.value());
      assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> view.put(GuardContext.CREDENTIAL, forged));
      view.put("written-by-tool", "x");
      String written = shared.get("written-by-tool");
      assertThat(written).as("writes reach the caller's parameters").isEqualTo("x");
      assertThat(new CallParameters(shared, forged).toString()).doesNotContain(forged.token().reveal());
    }
  }

  @Test
  void resolveWhenValuesMalformedThenProblemNamesTheKey() {
    assertThat(GuardContext.resolve(null).problem).isEqualTo("the call carries no invocation parameters; pass GuardContext.of(task)");
    InvocationParameters p = new InvocationParameters();
    p.put(GuardContext.AGENT, 42);
    assertThat(GuardContext.resolve(InvocationContext.builder().chatMemoryId("m").invocationParameters(p).build()).problem)
        .isEqualTo("the invocation parameter 'nhi-guard.agent' is not a SPIFFE ID: '42'");
    p.put(GuardContext.AGENT, GuardFixture.ALICE.value());
    p.put(GuardContext.TASK, " ");
    GuardContext.Caller caller = GuardContext.resolve(InvocationContext.builder().chatMemoryId("m").invocationParameters(p).build());
    assertThat(caller.problem).isEqualTo("the invocation parameter 'nhi-guard.task' is not a task id: ' '");
    assertThat(caller.taskProblem).isTrue();
  }
}
