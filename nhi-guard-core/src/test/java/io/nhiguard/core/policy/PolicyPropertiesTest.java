package io.nhiguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.Decision;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.ToolDescriptor;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

final class PolicyPropertiesTest {

  private static final Map<String, ToolDescriptor> CATALOGUE = YamlPolicyLanguage.ofDefaults().parse("catalogue.yaml",
      String.join("\n",
          "policy: catalogue",
          "tools:",
          "  a.read: { action: read, args: { amount: { type: any }, recipient: { type: any } } }",
          "  a.write: { action: write, args: { amount: { type: any }, recipient: { type: any } } }",
          "  b.send: { action: send, args: { amount: { type: any }, recipient: { type: any } } }",
          "  pay: { action: payment, destination: bank, args: { amount: { type: any }, recipient: { type: any } } }",
          "  c: { action: read, args: { amount: { type: any }, recipient: { type: any } } }",
          "rules: []",
          "")).tools();

  private static final List<String> TOOL_PATTERNS = List.of("a.read", "a.write", "b.send", "pay", "c", "a.*", "b.*", "*");

  /** What must not change between equivalent policies: everything but the decision id and text. */
  private static List<Object> signature(Decision d) {
    return List.of(d.kind(), d.reasonCode(), d.ruleIds(), d.obligations(), d.errors(), d.argumentDigest());
  }

  @Property(tries = 1000)
  void decideWhenRepeatedOrRecompiledThenSameDecision(@ForAll("documents") PolicyDocument doc,
      @ForAll("requests") List<PolicyFixture> requests) {
    CompiledPolicy first = CompiledPolicy.compile(doc);
    CompiledPolicy second = CompiledPolicy.compile(doc);
    assertThat(second.versionDigest()).isEqualTo(first.versionDigest());
    for (PolicyFixture f : requests) {
      Decision a = first.decide(f.request(first));
      Decision b = first.decide(f.request(first));
      Decision c = second.decide(f.request(second));
      assertThat(signature(b)).isEqualTo(signature(a));
      assertThat(signature(c)).isEqualTo(signature(a));
      assertThat(c.explanation()).isEqualTo(a.explanation());
    }
  }

  @Property(tries = 1000)
  void AC_47_ruleOrderNeverChangesADecision(@ForAll("documents") PolicyDocument doc, @ForAll long seed,
      @ForAll("requests") List<PolicyFixture> requests) {
    List<Rule> shuffled = new ArrayList<>(doc.rules());
    Collections.shuffle(shuffled, new Random(seed));
    PolicyDocument reordered = new PolicyDocument(doc.id(), doc.version(), doc.tools(), shuffled);
    CompiledPolicy original = CompiledPolicy.compile(doc);
    CompiledPolicy permuted = CompiledPolicy.compile(reordered);
    assertThat(permuted.versionDigest()).isEqualTo(original.versionDigest());
    for (PolicyFixture f : requests) {
      assertThat(signature(permuted.decide(f.request(permuted)))).isEqualTo(signature(original.decide(f.request(original))));
    }
  }

  @Property(tries = 1000)
  void addingAForbidNeverTurnsADenyOrEscalateIntoAPermit(@ForAll("documents") PolicyDocument doc,
      @ForAll("forbids") Rule forbid, @ForAll("requests") List<PolicyFixture> requests) {
    List<Rule> more = new ArrayList<>(doc.rules());
    more.add(forbid);
    CompiledPolicy before = CompiledPolicy.compile(doc);
    CompiledPolicy after = CompiledPolicy.compile(new PolicyDocument(doc.id(), doc.version(), doc.tools(), more));
    for (PolicyFixture f : requests) {
      Decision was = before.decide(f.request(before));
      Decision now = after.decide(f.request(after));
      if (!was.isPermitted()) {
        assertThat(now.isPermitted()).isFalse();
      }
      if (was instanceof Decision.Deny) {
        assertThat(now).isInstanceOf(Decision.Deny.class);
      }
    }
  }

  @Property(tries = 1000)
  void printThenParseKeepsTheDocumentAndEveryDecision(@ForAll("documents") PolicyDocument doc,
      @ForAll("requests") List<PolicyFixture> requests) {
    String yaml = PolicyPrinter.toYaml(doc);
    PolicyDocument fromYaml = YamlPolicyLanguage.ofDefaults().parse("printed.yaml", yaml);
    PolicyDocument fromJson = YamlPolicyLanguage.ofDefaults().parse("printed.json", PolicyPrinter.toJson(doc));
    assertThat(fromYaml).isEqualTo(doc);
    assertThat(fromJson).isEqualTo(doc);
    CompiledPolicy original = CompiledPolicy.compile(doc);
    CompiledPolicy reparsed = YamlPolicyLanguage.ofDefaults().compile("printed.yaml", yaml);
    assertThat(reparsed.versionDigest()).isEqualTo(original.versionDigest());
    for (PolicyFixture f : requests) {
      assertThat(signature(reparsed.decide(f.request(reparsed)))).isEqualTo(signature(original.decide(f.request(original))));
    }
  }

  @Property(tries = 1000)
  void AC_46_interleavedCallsAreNeverConflated(@ForAll("documents") PolicyDocument doc,
      @ForAll("requests") List<PolicyFixture> requests) {
    CompiledPolicy shared = CompiledPolicy.compile(doc);
    List<List<Object>> alone = new ArrayList<>();
    for (PolicyFixture f : requests) {
      CompiledPolicy fresh = CompiledPolicy.compile(doc);
      alone.add(signature(fresh.decide(f.request(fresh))));
    }
    for (int round = 0; round < 2; round++) {
      for (int i = requests.size() - 1; i >= 0; i--) {
        Decision d = shared.decide(requests.get(i).request(shared));
        assertThat(signature(d)).isEqualTo(alone.get(i));
        assertThat(d.argumentDigest()).isEqualTo(requests.get(i).request(shared).arguments().digest());
      }
    }
  }

  // ----- generators ------------------------------------------------------------------------

  @Provide
  Arbitrary<PolicyDocument> documents() {
    return rules().list().ofMinSize(0).ofMaxSize(8).map(rules -> {
      List<Rule> withIds = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        Rule r = rules.get(i);
        withIds.add(new Rule("r" + i, r.effect(), r.tools(), r.agents(), r.when(), r.obligations(), r.description()));
      }
      return new PolicyDocument("generated", "1", CATALOGUE, withIds);
    });
  }

  @Provide
  Arbitrary<Rule> forbids() {
    return rules().map(r -> new Rule("added-forbid", Effect.FORBID, r.tools(), r.agents(), r.when(), Obligations.NONE, ""));
  }

  private Arbitrary<Rule> rules() {
    Arbitrary<Effect> effect = Arbitraries.of(Effect.class);
    Arbitrary<List<String>> tools = Arbitraries.of(TOOL_PATTERNS).set().ofMinSize(1).ofMaxSize(3).map(ArrayList::new);
    Arbitrary<List<String>> agents = Arbitraries.of(List.of("*"), List.of("spiffe://corp/agent/x"),
        List.of("label:finance"), List.of("spiffe://corp/agent/y", "label:ops"));
    Arbitrary<List<Condition>> when = condition(2).list().ofMaxSize(3);
    Arbitrary<Duration> ttl = Arbitraries.of(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofHours(1));
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    return Combinators.combine(effect, tools, agents, when, ttl, flag, flag).as((e, t, a, w, d, useTtl, redact) -> {
      Obligations o = new Obligations(e == Effect.PERMIT && useTtl ? d : null,
          redact ? Set.of("recipient") : Set.of(), e == Effect.ESCALATE && useTtl ? "owner" : null);
      return new Rule("r", e, t, a, w, o, redact ? "generated rule" : "");
    });
  }

  private Arbitrary<Condition> condition(int depth) {
    Arbitrary<Condition> leaf = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.of(0, 10, 100), Arbitraries.of(0, 50, 1000)).as((lo, span) ->
            Conditions.arg("amount").between(BigDecimal.valueOf(lo), BigDecimal.valueOf(lo + span))),
        Arbitraries.of(Conditions.arg("amount").totalAtMost(new BigDecimal("500")),
            Conditions.arg("amount").withinSpendingCap(),
            Conditions.arg("amount").equalTo(new BigDecimal("5.0")),
            Conditions.arg("recipient").in(List.of("alice", "bob")),
            Conditions.arg("recipient").in(List.of()),
            Conditions.arg("recipient").inIntent("recipients"),
            Conditions.arg("recipient").matches("[a-c].*"),
            Conditions.arg("recipient").equalTo("true"),
            Conditions.arg("recipient").trusted(),
            Conditions.arg("recipient").present(true),
            Conditions.arg("amount").present(false),
            Conditions.untrustedContentSeen(),
            Conditions.label("finance"),
            Conditions.owner("alice"),
            Conditions.toolUsed("c"),
            Conditions.dataClassRead(List.of("pii")),
            Conditions.destinationIn(List.of("bank"))));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Condition> inner = condition(depth - 1);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, leaf),
        net.jqwik.api.Tuple.of(1, inner.map(Conditions::not)),
        net.jqwik.api.Tuple.of(1, inner.list().ofMinSize(1).ofMaxSize(3).map(l -> Conditions.anyOf(l.toArray(new Condition[0])))),
        net.jqwik.api.Tuple.of(1, inner.list().ofMinSize(1).ofMaxSize(3).map(l -> Conditions.allOf(l.toArray(new Condition[0])))));
  }

  @Provide
  Arbitrary<List<PolicyFixture>> requests() {
    Arbitrary<String> tool = Arbitraries.of("a.read", "a.write", "b.send", "pay", "c", "zzz.unknown");
    Arbitrary<String> agent = Arbitraries.of("spiffe://corp/agent/x", "spiffe://corp/agent/y", "spiffe://corp/agent/z");
    Arbitrary<Set<String>> labels = Arbitraries.of("finance", "ops").set().ofMaxSize(2);
    Arbitrary<String> amount = Arbitraries.of("", "\"amount\":5", "\"amount\":60", "\"amount\":600", "\"amount\":5000",
        "\"amount\":\"999999\"", "\"amount\":null", "\"amount\":-1");
    Arbitrary<String> recipient = Arbitraries.of("", "\"recipient\":\"alice\"", "\"recipient\":\"bob\"",
        "\"recipient\":\"carol\"", "\"recipient\":\"eve\"", "\"recipient\":[\"alice\",\"bob\"]", "\"recipient\":7");
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    Arbitrary<List<String>> intent = Arbitraries.of(List.of(), List.of("alice"), List.of("carol"));
    Arbitrary<PolicyFixture> one = Combinators.combine(tool, agent, labels, amount, recipient, flag, intent, flag)
        .as((t, a, l, am, rc, seen, rcp, spent) -> {
          String json = "{" + am + (!am.isEmpty() && !rc.isEmpty() ? "," : "") + rc + "}";
          PolicyFixture.Builder b = PolicyFixture.builder("generated").agent(a, seen ? "alice" : "bob", l)
              .task("test", spent ? "please pay bob" : "").intentParameter("recipients", rcp)
              .untrustedContentSeen(seen).call(t, json).expect("deny", null, null);
          if (spent) {
            b.amountSpent("pay", new BigDecimal("400")).spendingCap(new BigDecimal("1000")).dataClassRead("pii").toolUsed("c");
          }
          return b.build();
        });
    return one.list().ofMinSize(1).ofMaxSize(4);
  }
}
