package io.nhiguard.langchain4j;

import static io.nhiguard.langchain4j.GuardFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.core.ArgumentCanonicalizer;
import io.nhiguard.core.GuardTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Properties of the guarded executor over generated argument documents. */
final class GuardedExecutorPropertiesTest {

  private static GuardFixture fixture;
  private static GuardTask task;
  private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
  private static ToolExecutor guarded;

  @BeforeContainer
  static void start() {
    fixture = new GuardFixture(GuardFixture.bankPolicy());
    task = fixture.task(ALICE);
    ToolExecutor recording =
        new ToolExecutor() {
          @Override
          public String execute(ToolExecutionRequest request, Object memoryId) {
            throw new AssertionError("executeWithContext is always used");
          }

          @Override
          public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
            RECEIVED.add(request.arguments());
            return ToolExecutionResult.builder().resultText("sent").build();
          }
        };
    ToolSpecification spec =
        ToolSpecification.builder()
            .name("send_money")
            .parameters(JsonObjectSchema.builder().addStringProperty("recipient").addNumberProperty("amount").required("recipient", "amount").build())
            .build();
    guarded = GuardedTools.of(fixture.guard).wrapExecutor(spec, recording);
  }

  @AfterContainer
  static void stop() {
    fixture.close();
  }

  private static String run(String arguments) {
    RECEIVED.clear();
    InvocationContext context = InvocationContext.builder().chatMemoryId("m").invocationParameters(GuardContext.of(task)).build();
    guarded.executeWithContext(ToolExecutionRequest.builder().id("p").name("send_money").arguments(arguments).build(), context);
    return RECEIVED.isEmpty() ? null : RECEIVED.get(0);
  }

  /** Documents with the two arguments in either order, arbitrary white space and number spellings. */
  @Provide
  Arbitrary<String> validDocuments() {
    Arbitrary<String> space = Arbitraries.of("", " ", "\n", "\t ", "  ");
    Arbitrary<String> recipient = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> amount =
        Arbitraries.integers().between(0, 150).flatMap(n -> Arbitraries.of(Integer.toString(n), n + ".0", n + ".00", n + "e0", n + "E+0"));
    return Combinators.combine(space, recipient, amount, Arbitraries.of(true, false))
        .as((s, r, a, recipientFirst) -> {
          String rr = s + "\"recipient\"" + s + ":" + s + "\"" + r + "\"" + s;
          String aa = s + "\"amount\"" + s + ":" + s + a + s;
          return "{" + (recipientFirst ? rr + "," + aa : aa + "," + rr) + "}";
        });
  }

  @Property(tries = 200)
  void toolReceivesExactlyTheCanonicalDocumentThePermitIsBoundTo(@ForAll("validDocuments") String document) {
    CanonicalArguments canonical = ArgumentCanonicalizer.parse(document);
    String received = run(document);

    List<AuditEvent> decisions = fixture.decisions("send_money");
    AuditEvent last = decisions.get(decisions.size() - 1);
    if (received == null) {
      assertThat(last.decision()).isEqualTo("DENY");
      return;
    }
    assertThat(received).isEqualTo(canonical.canonicalJson());
    assertThat(last.decision()).isEqualTo("PERMIT");
    assertThat(last.argumentDigest()).isEqualTo(CanonicalArguments.sha256Hex(received));
  }

  /** Valid documents with one key repeated, the repeat carrying another value. */
  @Provide
  Arbitrary<String> duplicateKeyDocuments() {
    return Combinators.combine(
            Arbitraries.of("recipient", "amount"),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
            Arbitraries.integers().between(0, 100000),
            Arbitraries.integers().between(0, 3))
        .as((key, r, n, position) -> {
          List<String> members = new ArrayList<>(List.of("\"recipient\":\"" + r + "\"", "\"amount\":" + (n % 100)));
          String repeat = key.equals("amount") ? "\"amount\":" + n : "\"recipient\":\"" + r + "x\"";
          members.add(Math.min(position, members.size()), repeat);
          return "{" + String.join(",", members) + "}";
        });
  }

  @Property(tries = 200)
  void duplicateKeysNeverReachTheTool(@ForAll("duplicateKeyDocuments") String document) {
    assertThat(run(document)).isNull();
  }

  /** A valid document followed by anything that is not white space. */
  @Provide
  Arbitrary<String> trailingDocuments() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(t -> !t.isBlank()).map(t -> "{\"recipient\":\"bob\",\"amount\":5}" + t);
  }

  @Property(tries = 200)
  void trailingContentNeverReachesTheTool(@ForAll("trailingDocuments") String document) {
    assertThat(run(document)).isNull();
  }
}
