package io.nhiguard.core.policy;

import static io.nhiguard.core.policy.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.Decision;
import io.nhiguard.api.PolicyDefinitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

final class ReloadAndShadowTest {

  private static CompiledPolicy permitting(String id, boolean permit) {
    return YamlPolicyLanguage.ofDefaults().compile(id + ".yaml", "policy: " + id + "\ntools:\n  t: { action: read }\n"
        + "rules:\n  - { id: r-" + id + ", effect: " + (permit ? "permit" : "forbid") + ", tools: [t] }\n");
  }

  @Test
  void reloadWhenSwappedThenNextDecisionUsesNewPolicy() {
    ReloadablePolicy pdp = ReloadablePolicy.of(permitting("old", true));
    AuthorizationRequest request = call("t", "{}").expect("deny", null, null).build().request(pdp);
    assertThat(pdp.decide(request).isPermitted()).isTrue();
    assertThat(pdp.reload(permitting("new", false)).policyId()).isEqualTo("old");
    Decision after = pdp.decide(request);
    assertThat(after.isPermitted()).isFalse();
    assertThat(after.policyId()).isEqualTo("new");
    assertThat(pdp.policyId()).isEqualTo("new");
  }

  @Test
  void reloadFromWhenCompilationFailsThenOldPolicyStays() {
    ReloadablePolicy pdp = ReloadablePolicy.of(permitting("old", true));
    assertThatThrownBy(() -> pdp.reloadFrom(() -> YamlPolicyLanguage.ofDefaults().compile("bad.yaml", "policy: [")))
        .isInstanceOf(PolicyDefinitionException.class);
    assertThat(pdp.current().policyId()).isEqualTo("old");
  }

  @Test
  void reloadWhenConcurrentDecisionsThenEachSeesOneWholePolicy() throws Exception {
    CompiledPolicy a = permitting("a", true);
    CompiledPolicy b = permitting("b", false);
    ReloadablePolicy pdp = ReloadablePolicy.of(a);
    AuthorizationRequest request = call("t", "{}").expect("deny", null, null).build().request(pdp);
    List<String> mixed = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < 2000 && !stop.get(); i++) {
          Decision d = pdp.decide(request);
          boolean fromA = d.policyId().equals("a") && d.isPermitted() && d.policyVersion().equals(a.versionDigest());
          boolean fromB = d.policyId().equals("b") && !d.isPermitted() && d.policyVersion().equals(b.versionDigest());
          if (!fromA && !fromB) {
            mixed.add(d.explanation());
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    for (int i = 0; i < 500; i++) {
      pdp.reload(i % 2 == 0 ? b : a);
    }
    stop.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(mixed).isEmpty();
  }

  @Test
  void shadowWhenCandidateDiffersThenEnforcedDecisionReturnedAndBothReported() {
    List<String> seen = new ArrayList<>();
    ShadowPolicy pdp = ShadowPolicy.of(permitting("enforced", true), permitting("candidate", false),
        (request, enforced, shadow) -> seen.add(enforced.kind() + "/" + shadow.kind() + "/" + shadow.policyId()));
    AuthorizationRequest request = call("t", "{}").expect("deny", null, null).build().request(pdp);
    Decision d = pdp.decide(request);
    assertThat(d.isPermitted()).isTrue();
    assertThat(d.policyId()).isEqualTo("enforced");
    assertThat(seen).containsExactly("PERMIT/DENY/candidate");
    assertThat(pdp.policyId()).isEqualTo("enforced");
  }

  @Test
  void shadowWhenListenerThrowsThenEnforcedDecisionStands() {
    ShadowPolicy pdp = ShadowPolicy.of(permitting("enforced", false), permitting("candidate", true),
        (request, enforced, shadow) -> {
          throw new IllegalStateException("listener down");
        });
    AuthorizationRequest request = call("t", "{}").expect("deny", null, null).build().request(pdp);
    assertThat(pdp.decide(request).isPermitted()).isFalse();
  }
}
