package io.nhiguard.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import io.nhiguard.api.ActionKind;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.ToolDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class WrapTimeChecksTest {

  static final class DeclaredPayment {
    @Tool(
        name = "send_money",
        value = "pays",
        metadata = "{\"nhi-guard.action\":\"PAYMENT\",\"nhi-guard.destination\":\"bank\",\"nhi-guard.arguments\":{\"recipient\":\"RECIPIENT\",\"amount\":\"AMOUNT\"}}")
    String sendMoney(String recipient, long amount) {
      return "sent";
    }
  }

  static final class DeclaredAsRead {
    @Tool(name = "send_money", value = "pays", metadata = "{\"nhi-guard.action\":\"READ\"}")
    String sendMoney(String recipient, long amount) {
      return "sent";
    }
  }

  static final class NotInCatalogue {
    @Tool(name = "wire_transfer", value = "pays", metadata = "{\"nhi-guard.action\":\"PAYMENT\"}")
    String wire(String recipient) {
      return "sent";
    }
  }

  static final class TypoInMetadata {
    @Tool(name = "send_money", value = "pays", metadata = "{\"nhi-guard.acton\":\"PAYMENT\"}")
    String sendMoney(String recipient, long amount) {
      return "sent";
    }
  }

  static final class BadName {
    @Tool(name = "Send_Money", value = "pays")
    String sendMoney(String recipient, long amount) {
      return "sent";
    }
  }

  static final class NoTools {
    String notATool() {
      return "";
    }
  }

  @Test
  void wrapWhenMetadataAgreesWithCatalogueThenAccepted() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      assertThat(GuardedTools.of(f.guard).wrap(new DeclaredPayment())).extracting(t -> t.name()).containsExactly("send_money");
    }
  }

  @Test
  void wrapWhenMetadataContradictsCatalogueThenRejected() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      assertThatExceptionOfType(IllegalArgumentException.class)
          .isThrownBy(() -> GuardedTools.of(f.guard).wrap(new DeclaredAsRead()))
          .withMessage(
              "Tool 'send_money' declares action READ but the catalogue says PAYMENT (policy 'test-policy'); the catalogue is "
                  + "authoritative, so fix the catalogue or the tool's metadata");
    }
  }

  @Test
  void wrapWhenMetadataDescribesToolMissingFromCatalogueThenRejected() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      assertThatExceptionOfType(IllegalArgumentException.class)
          .isThrownBy(() -> GuardedTools.of(f.guard).wrap(new NotInCatalogue()))
          .withMessage(
              "Tool 'wire_transfer' declares nhi-guard metadata but policy 'test-policy' has no catalogue entry for it; the "
                  + "catalogue is authoritative, so add the tool to the policy");
    }
  }

  @Test
  void wrapWhenMetadataKeyUnknownThenRejected() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      assertThatExceptionOfType(IllegalArgumentException.class)
          .isThrownBy(() -> GuardedTools.of(f.guard).wrap(new TypoInMetadata()))
          .withMessageStartingWith("Tool 'send_money' declares unknown metadata key 'nhi-guard.acton'");
    }
  }

  @Test
  void wrapWhenToolNameOutsideGrammarThenRejected() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      assertThatExceptionOfType(IllegalArgumentException.class)
          .isThrownBy(() -> GuardedTools.of(f.guard).wrap(new BadName()))
          .withMessageStartingWith("Tool 'Send_Money' could never run: ");
    }
  }

  @Test
  void wrapWhenCatalogueTypeContradictsSchemaThenRejected() {
    FakePolicy policy =
        new FakePolicy()
            .tool(
                new ToolDescriptor(
                    "send_money", ActionKind.PAYMENT, "bank", Map.of("amount", ArgumentRole.AMOUNT), Map.of("amount", ArgumentType.STRING),
                    false, Set.of(), DataSensitivity.CONFIDENTIAL, true));
    try (GuardFixture f = new GuardFixture(policy)) {
      assertThatExceptionOfType(IllegalArgumentException.class)
          .isThrownBy(() -> GuardedTools.of(f.guard).wrap(new BankTools(f.vault)))
          .withMessage(
              "Tool 'send_money' does not match its catalogue entry in policy 'test-policy': the catalogue declares argument "
                  + "'amount' as STRING but the tool's schema says integer; fix the catalogue or the tool");
    }
  }

  @Test
  void wrapExecutorWhenCatalogueNamesArgumentTheSchemaLacksThenRejected() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      ToolSpecification spec =
          ToolSpecification.builder()
              .name("send_money")
              .parameters(JsonObjectSchema.builder().addStringProperty("to").addIntegerProperty("amount").build())
              .build();
      ToolExecutor executor = (request, memoryId) -> "sent";

      assertThatExceptionOfType(IllegalArgumentException.class)
          .isThrownBy(() -> GuardedTools.of(f.guard).wrapExecutor(spec, executor))
          .withMessage(
              "Tool 'send_money' does not match its catalogue entry in policy 'test-policy': the catalogue describes argument "
                  + "'recipient', which the tool's schema does not have (it has [amount, to]); fix the catalogue or the tool");
    }
  }

  @Test
  void wrapWhenObjectHasNoToolsOrIsNotAToolObjectThenRejected() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      GuardedTools guarded = GuardedTools.of(f.guard);
      assertThatExceptionOfType(IllegalArgumentException.class)
          .isThrownBy(() -> guarded.wrap(new NoTools()))
          .withMessage("Object of " + NoTools.class.getName() + " has no method annotated with @Tool; nothing to guard");
      assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> guarded.wrap(List.of(new BankTools(f.vault))));
      assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> guarded.wrap((Object) BankTools.class));
    }
  }

  @Test
  void everyPublicMethodWhenGivenNullThenThrowsNullPointerException() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      GuardedTools guarded = GuardedTools.of(f.guard);
      assertThatNullPointerException().isThrownBy(() -> GuardedTools.of(null)).withMessage("guard");
      assertThatNullPointerException().isThrownBy(() -> GuardedTools.builder(null)).withMessage("guard");
      assertThatNullPointerException().isThrownBy(() -> guarded.wrap((Object[]) null)).withMessage("toolObjects");
      assertThatNullPointerException().isThrownBy(() -> guarded.wrap((Object) null)).withMessage("toolObjects element");
      assertThatNullPointerException().isThrownBy(() -> guarded.wrap((dev.langchain4j.service.tool.ToolProvider) null)).withMessage("provider");
      assertThatNullPointerException().isThrownBy(() -> guarded.wrapAsMap((Object[]) null)).withMessage("toolObjects");
      assertThatNullPointerException().isThrownBy(() -> guarded.wrapTools(null)).withMessage("tools");
      assertThatNullPointerException().isThrownBy(() -> guarded.wrapExecutor(null, (r, m) -> "")).withMessage("specification");
      assertThatNullPointerException()
          .isThrownBy(() -> guarded.wrapExecutor(ToolSpecification.builder().name("x").build(), null))
          .withMessage("executor");
      assertThatNullPointerException().isThrownBy(() -> guarded.mcpToolWrapper().apply(null)).withMessage("executor");
      assertThatNullPointerException().isThrownBy(() -> guarded.hallucinatedToolNameStrategy().apply(null)).withMessage("request");
      assertThatNullPointerException().isThrownBy(() -> GuardContext.of(null)).withMessage("task");
      assertThatNullPointerException().isThrownBy(() -> GuardContext.put(null, f.task(GuardFixture.ALICE))).withMessage("parameters");
      assertThatNullPointerException().isThrownBy(() -> GuardContext.credential(null)).withMessage("parameters");
    }
  }

  @Test
  void builderWhenOptionSetTwiceThenIllegalState() {
    try (GuardFixture f = new GuardFixture(GuardFixture.bankPolicy())) {
      GuardedTools.Builder builder = GuardedTools.builder(f.guard).abortOnDenial();
      assertThatExceptionOfType(IllegalStateException.class).isThrownBy(builder::abortOnDenial).withMessage("abortOnDenial was already set");
    }
  }
}
