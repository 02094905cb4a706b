package io.nhiguard.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.DelegationScope;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.Obligations;
import io.nhiguard.api.Owner;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.api.ToolResult;
import io.nhiguard.core.ArgumentCanonicalizer;
import io.nhiguard.core.GuardTask;
import io.nhiguard.core.NhiGuard;
import io.nhiguard.core.approval.InMemoryApprovalService;
import io.nhiguard.core.audit.AuditLog;
import io.nhiguard.core.audit.InMemoryAuditSink;
import io.nhiguard.core.credential.InMemoryCredentialVault;
import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import io.nhiguard.core.identity.MutableClock;
import io.nhiguard.core.policy.Policies;
import io.nhiguard.core.policy.YamlPolicyLanguage;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The null contract of the public API, checked by reflection in the manner of Guava's
 * NullPointerTester: every public constructor and method of nhi-guard-api and of the core entry
 * points, given {@code null} for one reference parameter and well-formed values for the others,
 * throws a {@link NullPointerException} whose message names that parameter, unless the parameter
 * is documented as accepting null (the {@link #NULLABLE} list, each with its reason).
 */
final class NullContractTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final AgentId AGENT = AgentId.agent("example.org", "billing");
  private static final Owner OWNER = Owner.of("alice@example.com", "Alice Example");
  private static final String POLICY =
      "policy: contract\ntools:\n  get_balance: { action: read, destination: bank }\nrules:\n"
          + "  - { id: lookups, effect: permit, tools: [get_balance] }\n";

  /** Parameters that accept null by their documentation, as {@code Type#member(parameter)}. */
  static final Map<String, String> NULLABLE =
      Map.ofEntries(
          Map.entry("Obligations#<init>(credentialTtlCap)", "null means no TTL cap from the rule"),
          Map.entry("Obligations#<init>(approver)", "null means no approver was named"),
          Map.entry("DelegationScope#<init>(tools)", "null inherits the parent's tools"),
          Map.entry("DelegationScope#<init>(destinations)", "null inherits the parent's destinations"),
          Map.entry("DelegationScope#<init>(maxAmount)", "null inherits the parent's limit"),
          Map.entry("DelegationScope#<init>(ttl)", "null inherits the parent's ttl"),
          Map.entry("DelegationScope#<init>(remainingDepth)", "null inherits the parent's depth"),
          Map.entry("TaskIntent#<init>(spendingCap)", "null means no spending cap"),
          Map.entry("TaskIntent.Builder#spendingCap(value)", "null clears the spending cap"),
          Map.entry("AuthorizedCall#<init>(credential)", "null when the tool needs no credential"),
          Map.entry("ArgumentCanonicalizer#parse(tool)", "null parses without type checks"),
          Map.entry("VerificationExpectations#<init>(holder)", "null does not check the holder"),
          Map.entry("VerificationExpectations#<init>(taskId)", "null does not check the task"),
          Map.entry("SafeText#quote(value)", "quotes null as the text null, for messages"),
          Map.entry("AgentId#isValid(value)", "a predicate: null is not valid"),
          Map.entry("ToolNames#isWellFormed(name)", "a predicate: null is not well formed"),
          Map.entry("ToolNames#problem(name)", "describes null as a problem"),
          Map.entry("NhiGuardException#<init>(cause)", "exception causes are optional, as in Throwable"),
          Map.entry("ApprovalException#<init>(cause)", "exception causes are optional, as in Throwable"),
          Map.entry("AuditFailureException#<init>(cause)", "exception causes are optional, as in Throwable"),
          Map.entry("CredentialUnavailableException#<init>(cause)", "exception causes are optional, as in Throwable"),
          Map.entry("LifecycleTransitionException#<init>(cause)", "exception causes are optional, as in Throwable"),
          Map.entry("MalformedArgumentsException#<init>(cause)", "exception causes are optional, as in Throwable"),
          Map.entry("CanonicalArguments#isCanonicalValue(value)", "a predicate: null is not a canonical value (JsonNull is)"),
          Map.entry("LeaseRequest#<init>(policyCap)", "null when the decision carries no TTL cap"),
          Map.entry("LifecycleEvent#<init>(from)", "null on registration: there is no previous state"));

  private final MutableClock clock = MutableClock.at(NOW);
  private final Map<Class<?>, Supplier<Object>> samples = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final Set<String> checked = new TreeSet<>();
  private final Set<String> skipped = new TreeSet<>();
  private final Set<String> nullableSeen = new TreeSet<>();

  NullContractTest() {
    samples.put(String.class, () -> "x");
    samples.put(Throwable.class, () -> new IllegalStateException("cause"));
    samples.put(io.nhiguard.api.VerificationExpectations.class, () -> io.nhiguard.api.VerificationExpectations.audience("bank"));
    samples.put(CharSequence.class, () -> "x");
    samples.put(Object.class, () -> "x");
    samples.put(Duration.class, () -> Duration.ofMinutes(1));
    samples.put(Instant.class, () -> NOW);
    samples.put(BigDecimal.class, () -> BigDecimal.ONE);
    samples.put(Clock.class, () -> clock);
    samples.put(Path.class, () -> Path.of("target", "null-contract.yaml"));
    samples.put(AgentId.class, () -> AGENT);
    samples.put(Owner.class, () -> OWNER);
    samples.put(AgentIdentity.class, NullContractTest::identity);
    samples.put(TaskIntent.class, () -> TaskIntent.builder("pay bills").userRequest("pay").build());
    samples.put(ToolCall.class, () -> new ToolCall("call-1", AGENT, "task-1", "get_balance", "{}"));
    samples.put(ToolDescriptor.class, () -> ToolDescriptor.of("get_balance", ActionKind.READ, "bank"));
    samples.put(CanonicalArguments.class, CanonicalArguments::empty);
    samples.put(Obligations.class, () -> Obligations.NONE);
    samples.put(DelegationScope.class, () -> DelegationScope.INHERIT);
    samples.put(ToolResult.class, () -> ToolResult.of("ok"));
    samples.put(DataSensitivity.class, () -> DataSensitivity.INTERNAL);
    samples.put(LifecycleState.class, () -> LifecycleState.ACTIVE);
    samples.put(InMemoryIdentityRegistry.class, () -> InMemoryIdentityRegistry.of(clock));
    samples.put(InMemoryCredentialVault.class, () -> InMemoryCredentialVault.builder().clock(clock).build());
    samples.put(InMemoryCredentialVault.Builder.class, InMemoryCredentialVault::builder);
    samples.put(InMemoryApprovalService.class, () -> InMemoryApprovalService.builder().clock(clock).build());
    samples.put(InMemoryApprovalService.Builder.class, InMemoryApprovalService::builder);
    samples.put(AuditLog.class, () -> AuditLog.builder().clock(clock).sink(new InMemoryAuditSink()).synchronous().build());
    samples.put(AuditLog.Builder.class, AuditLog::builder);
    samples.put(InMemoryAuditSink.class, InMemoryAuditSink::new);
    samples.put(NhiGuard.class, this::guard);
    samples.put(NhiGuard.Builder.class, NhiGuard::builder);
    samples.put(GuardTask.class, () -> guardWithAgent().startTask(AGENT, "user-1", TaskIntent.builder("p").build(), Duration.ofMinutes(5)));
    samples.put(YamlPolicyLanguage.class, YamlPolicyLanguage::ofDefaults);
    samples.put(TaskIntent.Builder.class, () -> TaskIntent.builder("p"));
    samples.put(AgentIdentity.Builder.class, () -> AgentIdentity.builder(AGENT));
  }

  private static AgentIdentity identity() {
    return AgentIdentity.builder(AGENT)
        .owner(OWNER)
        .purpose("pays bills")
        .createdAt(NOW)
        .expiresAt(NOW.plus(Duration.ofDays(30)))
        .reviewDueAt(NOW.plus(Duration.ofDays(20)))
        .state(LifecycleState.ACTIVE)
        .build();
  }

  private NhiGuard guard() {
    InMemoryIdentityRegistry registry = InMemoryIdentityRegistry.of(clock);
    return NhiGuard.builder()
        .clock(clock)
        .identities(registry)
        .vault(InMemoryCredentialVault.builder().clock(clock).build())
        .approvals(InMemoryApprovalService.builder().clock(clock).identityRegistry(registry).build())
        .auditLog(AuditLog.builder().clock(clock).sink(new InMemoryAuditSink()).synchronous().build())
        .policy(Policies.fromYaml("contract.yaml", POLICY))
        .build();
  }

  private NhiGuard guardWithAgent() {
    NhiGuard g = guard();
    ((InMemoryIdentityRegistry) g.identities()).register(identity(), "test");
    return g;
  }

  /** A well-formed value for a parameter type, or empty if the test cannot make one. */
  private Optional<Object> sample(Class<?> type) {
    Supplier<Object> s = samples.get(type);
    if (s != null) {
      return Optional.of(s.get());
    }
    if (type.isPrimitive()) {
      return Optional.of(primitive(type));
    }
    if (type.isEnum()) {
      return Optional.of(type.getEnumConstants()[0]);
    }
    if (type == List.class || type == Collection.class) {
      return Optional.of(List.of());
    }
    if (type == Set.class) {
      return Optional.of(Set.of());
    }
    if (type == Map.class) {
      return Optional.of(Map.of());
    }
    if (type == Optional.class) {
      return Optional.of(Optional.empty());
    }
    if (type.isArray()) {
      return Optional.of(java.lang.reflect.Array.newInstance(type.getComponentType(), 0));
    }
    if (type.isInterface()) {
      return Optional.of(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
        if (method.getName().equals("toString")) {
          return "sample " + type.getSimpleName();
        }
        if (method.getName().equals("hashCode")) {
          return System.identityHashCode(proxy);
        }
        if (method.getName().equals("equals")) {
          return proxy == args[0];
        }
        return method.getReturnType().isPrimitive() ? primitive(method.getReturnType()) : null;
      }));
    }
    return Optional.empty();
  }

  private static Object primitive(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 1;
    }
    if (type == long.class) {
      return 1L;
    }
    if (type == double.class) {
      return 1.0;
    }
    if (type == float.class) {
      return 1.0f;
    }
    if (type == char.class) {
      return 'x';
    }
    if (type == short.class) {
      return (short) 1;
    }
    if (type == byte.class) {
      return (byte) 1;
    }
    throw new IllegalArgumentException(type.toString());
  }

  private static String typeName(Class<?> type) {
    return type.getEnclosingClass() == null ? type.getSimpleName() : type.getEnclosingClass().getSimpleName() + "." + type.getSimpleName();
  }

  private void check(Class<?> type) {
    if (!Modifier.isPublic(type.getModifiers()) || type.isAnnotation()) {
      return;
    }
    for (Constructor<?> c : type.getConstructors()) {
      checkExecutable(type, c, null);
    }
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) {
        continue;
      }
      if (m.getName().equals("equals") || (type.isEnum() && m.getName().equals("valueOf"))) {
        continue;
      }
      if (Modifier.isStatic(m.getModifiers())) {
        checkExecutable(type, m, null);
      } else if (samples.containsKey(type)) {
        checkExecutable(type, m, samples.get(type));
      } else {
        if (m.getParameterCount() > 0 && !type.isInterface() && !type.isEnum() && !type.isRecord()) {
          skipped.add(typeName(type) + "#" + m.getName());
        }
      }
    }
  }

  private void checkExecutable(Class<?> type, Executable e, Supplier<Object> receiver) {
    Parameter[] params = e.getParameters();
    String member = e instanceof Constructor ? "<init>" : e.getName();
    for (int i = 0; i < params.length; i++) {
      if (params[i].getType().isPrimitive()) {
        continue;
      }
      String key = typeName(type) + "#" + member + "(" + params[i].getName() + ")";
      if (NULLABLE.containsKey(key)) {
        nullableSeen.add(key);
        continue;
      }
      Object[] args = new Object[params.length];
      boolean complete = true;
      for (int j = 0; j < params.length; j++) {
        if (j != i) {
          Optional<Object> s = sample(params[j].getType());
          if (s.isEmpty()) {
            complete = false;
            break;
          }
          args[j] = s.get();
        }
      }
      if (!complete) {
        skipped.add(key);
        continue;
      }
      checked.add(key);
      try {
        Object target = receiver == null ? null : receiver.get();
        if (e instanceof Constructor) {
          ((Constructor<?>) e).newInstance(args);
        } else {
          ((Method) e).invoke(target, args);
        }
        violations.add(key + ": accepted null");
      } catch (InvocationTargetException thrown) {
        Throwable cause = thrown.getCause();
        if (!(cause instanceof NullPointerException)) {
          violations.add(key + ": threw " + cause + " instead of a NullPointerException");
        } else if (!namesTheParameter(cause.getMessage(), e, params[i])) {
          violations.add(key + ": NullPointerException message " + cause.getMessage() + " does not name the parameter");
        }
      } catch (ReflectiveOperationException | IllegalArgumentException unexpected) {
        violations.add(key + ": could not invoke: " + unexpected);
      }
    }
  }

  /**
   * Whether a message names the parameter: the parameter name itself, or for a builder setter or
   * a {@code withX} copier with one parameter, the property it sets.
   */
  private static boolean namesTheParameter(String message, Executable e, Parameter p) {
    if (message == null) {
      return false;
    }
    if (message.contains(p.getName())) {
      return true;
    }
    if (e instanceof Method && e.getParameterCount() == 1) {
      String property = e.getName().startsWith("with") && e.getName().length() > 4
          ? Character.toLowerCase(e.getName().charAt(4)) + e.getName().substring(5)
          : e.getName();
      return message.equals(property) || message.startsWith(property + " ");
    }
    return false;
  }

  private static List<Class<?>> classesIn(Class<?> anchor) throws IOException, URISyntaxException, ClassNotFoundException {
    Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(root)) {
      // Under `mvn verify` a sibling module is on the class path as its packaged jar.
      try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(root, (ClassLoader) null)) {
        return classesIn(anchor, jar.getPath("/"));
      }
    }
    return classesIn(anchor, root);
  }

  private static List<Class<?>> classesIn(Class<?> anchor, Path root) throws IOException, ClassNotFoundException {
    Path dir = root.resolve(anchor.getPackageName().replace('.', '/'));
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
        String simple = f.getFileName().toString().replace(".class", "");
        if (simple.equals("package-info") || simple.equals("module-info")) {
          continue;
        }
        out.add(Class.forName(anchor.getPackageName() + "." + simple, false, anchor.getClassLoader()));
      }
    }
    return out;
  }

  @Test
  void everyPublicMemberRejectsNullWithTheParameterNameUnlessDocumentedNullable() throws Exception {
    List<Class<?>> types = new ArrayList<>();
    for (Class<?> c : classesIn(AgentId.class)) {
      if (c.getName().startsWith("io.nhiguard.api.")) {
        types.add(c);
      }
    }
    types.addAll(List.of(ArgumentCanonicalizer.class, NhiGuard.class, NhiGuard.Builder.class, GuardTask.class, Policies.class,
        YamlPolicyLanguage.class, InMemoryCredentialVault.class, InMemoryCredentialVault.Builder.class,
        InMemoryIdentityRegistry.class, InMemoryApprovalService.class, InMemoryApprovalService.Builder.class, AuditLog.class,
        AuditLog.Builder.class, InMemoryAuditSink.class));
    for (Class<?> t : types) {
      check(t);
    }
    assertThat(nullableSeen).as("every documented-nullable entry names a real parameter").isEqualTo(NULLABLE.keySet());
    assertThat(checked).as("parameters checked").hasSizeGreaterThan(150);
    assertThat(violations).as("null-contract violations (checked %d, skipped %s)", checked.size(), skipped).isEmpty();
  }
}
