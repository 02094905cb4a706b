package io.nhiguard.benchmarks;

import io.nhiguard.api.AgentId;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolInvocation;
import io.nhiguard.api.ToolResult;
import io.nhiguard.api.spi.AuditSink;
import io.nhiguard.core.NhiGuard;
import io.nhiguard.core.approval.InMemoryApprovalService;
import io.nhiguard.core.audit.AuditLog;
import io.nhiguard.core.audit.FsyncPolicy;
import io.nhiguard.core.audit.InMemoryAuditSink;
import io.nhiguard.core.audit.JsonLinesAuditSink;
import io.nhiguard.core.credential.InMemoryCredentialVault;
import io.nhiguard.core.identity.InMemoryIdentityRegistry;
import io.nhiguard.core.policy.CompiledPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a guarded tool call costs next to calling the tool directly: the whole {@link
 * NhiGuard#intercept} path (tool-name check, identity and task checks, strict parsing of the raw JSON
 * arguments, the decision on the 1,000-rule policy, a hash-chained audit record of the decision, an
 * HMAC-bound call credential leased and revoked, the tool run, the outcome record and the task
 * history update), over the permitted requests of the standard workload.
 *
 * <p>The audit log is synchronous, so the record is written on the calling thread and its cost is
 * inside the measurement; the file variant appends JSON Lines to a fresh temporary file each
 * iteration (fsync on flush only, the default). A fresh guard, vault and tasks are set up for each
 * iteration so the in-memory sink and the file stay bounded; the first call of each task pays the
 * Ed25519 signature of its credential grant.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g"})
@Threads(1)
public class GuardedCallBenchmark {

  private static final ToolResult RESULT = ToolResult.of("done");

  /**
   * The tool itself: returns a constant.
   *
   * @param toolName the tool
   * @param argumentsJson the raw arguments
   * @return the result
   */
  static ToolResult tool(String toolName, String argumentsJson) {
    return toolName.isEmpty() || argumentsJson.isEmpty() ? ToolResult.error("no call") : RESULT;
  }

  private static final ToolInvocation INVOKE = call -> tool(call.call().toolName(), call.call().argumentsJson());

  /** The permitted requests of the standard workload, as raw calls. */
  @State(Scope.Benchmark)
  public static class Calls {
    Workload workload;
    CompiledPolicy policy;
    AgentId[] agents;
    String[] agentNames;
    String[] tools;
    String[] json;

    /** Generates the workload and compiles the policy. */
    @Setup
    public void setup() {
      workload = Workload.standard();
      policy = NhiGuardEngine.compile(workload);
      List<Workload.Request> permitted = workload.permittedRequests();
      agents = new AgentId[permitted.size()];
      agentNames = new String[permitted.size()];
      tools = new String[permitted.size()];
      json = new String[permitted.size()];
      for (int i = 0; i < json.length; i++) {
        Workload.Request r = permitted.get(i);
        agents[i] = NhiGuardEngine.agentId(r.agent());
        agentNames[i] = r.agent();
        tools[i] = r.tool();
        json[i] = r.argumentsJson();
      }
    }
  }

  /** A guard with its own sink, rebuilt each iteration. */
  abstract static class Guarded {
    NhiGuard guard;
    Map<String, String> taskByAgent;
    long calls;
    int next;

    abstract AuditSink sink() throws IOException;

    void open(Calls c) throws IOException {
      Clock clock = Clock.systemUTC();
      InMemoryIdentityRegistry identities = InMemoryIdentityRegistry.of(clock);
      for (String a : c.workload.agents()) {
        identities.register(NhiGuardEngine.identity(a, clock.instant()), "bench");
      }
      guard = NhiGuard.builder()
          .clock(clock)
          .policy(c.policy)
          .identities(identities)
          .vault(InMemoryCredentialVault.builder().clock(clock).build())
          .approvals(InMemoryApprovalService.ofDefaults())
          .auditLog(AuditLog.builder().clock(clock).sink(sink()).synchronous().build())
          .build();
      taskByAgent = new HashMap<>();
      TaskIntent intent = TaskIntent.builder("benchmark").build();
      for (String a : c.workload.agents()) {
        taskByAgent.put(a, guard.startTask(NhiGuardEngine.agentId(a), "bench-user", intent, Duration.ofHours(1)).taskId());
      }
    }

    ToolResult call(Calls c) {
      int i = next;
      next = i + 1 == c.json.length ? 0 : i + 1;
      ToolCall call = new ToolCall(Long.toString(++calls), c.agents[i], taskByAgent.get(c.agentNames[i]), c.tools[i], c.json[i]);
      ToolResult r = guard.intercept(call, INVOKE);
      if (r != RESULT) {
        throw new IllegalStateException("guarded call " + i + " was not run: " + r.text());
      }
      return r;
    }
  }

  /** Audit records kept in memory. */
  @State(Scope.Thread)
  public static class InMemory extends Guarded {
    InMemoryAuditSink sink;

    @Override
    AuditSink sink() {
      sink = new InMemoryAuditSink();
      return sink;
    }

    /**
     * Builds the guard.
     *
     * @param c the calls
     * @throws IOException never
     */
    @Setup(Level.Iteration)
    public void setup(Calls c) throws IOException {
      open(c);
    }

    /** Closes the guard and checks that every call was recorded. */
    @TearDown(Level.Iteration)
    public void tearDown() {
      guard.close();
      if (sink.size() < calls) {
        throw new IllegalStateException("expected at least " + calls + " audit records, found " + sink.size());
      }
      calls = 0;
    }
  }

  /** Audit records appended as JSON Lines to a temporary file. */
  @State(Scope.Thread)
  public static class JsonLinesFile extends Guarded {
    Path file;

    @Override
    AuditSink sink() throws IOException {
      file = Files.createTempFile("nhi-guard-bench-audit", ".jsonl");
      return JsonLinesAuditSink.open(file, FsyncPolicy.ON_FLUSH);
    }

    /**
     * Builds the guard over a fresh file.
     *
     * @param c the calls
     * @throws IOException if the file cannot be created
     */
    @Setup(Level.Iteration)
    public void setup(Calls c) throws IOException {
      open(c);
    }

    /** Closes the guard and deletes the file. */
    @TearDown(Level.Iteration)
    public void tearDown() {
      guard.close();
      calls = 0;
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The bare call's cursor. */
  @State(Scope.Thread)
  public static class Bare {
    int next;
  }

  /**
   * The tool called directly, no guard.
   *
   * @param c the calls
   * @param b the cursor
   * @return the result
   */
  @Benchmark
  public ToolResult bareCall(Calls c, Bare b) {
    int i = b.next;
    b.next = i + 1 == c.json.length ? 0 : i + 1;
    return tool(c.tools[i], c.json[i]);
  }

  /**
   * The guarded call, audit in memory.
   *
   * @param c the calls
   * @param g the guard
   * @return the result
   */
  @Benchmark
  public ToolResult guardedInMemoryAudit(Calls c, InMemory g) {
    return g.call(c);
  }

  /**
   * The guarded call, audit to a JSON Lines file.
   *
   * @param c the calls
   * @param g the guard
   * @return the result
   */
  @Benchmark
  public ToolResult guardedFileAudit(Calls c, JsonLinesFile g) {
    return g.call(c);
  }
}
