package io.nhiguard.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nhiguard.api.ActionKind;
import io.nhiguard.api.AgentId;
import io.nhiguard.api.AgentIdentity;
import io.nhiguard.api.ArgumentRole;
import io.nhiguard.api.ArgumentType;
import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuthorizationRequest;
import io.nhiguard.api.CanonicalArguments;
import io.nhiguard.api.DataSensitivity;
import io.nhiguard.api.Delegation;
import io.nhiguard.api.DelegationScope;
import io.nhiguard.api.LifecycleState;
import io.nhiguard.api.ModelBinding;
import io.nhiguard.api.Owner;
import io.nhiguard.api.Provenance;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.TaskContext;
import io.nhiguard.api.TaskHistory;
import io.nhiguard.api.TaskIntent;
import io.nhiguard.api.ToolCall;
import io.nhiguard.api.ToolDescriptor;
import io.nhiguard.core.ArgumentCanonicalizer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The request facts an audit record needs to re-evaluate a decision ({@link AuditEvent#facts()}):
 * identity, tool catalogue entry, task (intent, deadline, delegation and effective scope), a
 * snapshot of the task history, the provenance of the call's argument values and the decision
 * time, as canonical JSON (sorted keys, amounts as plain decimal strings).
 *
 * <p><b>What is not recorded.</b> The user's request text and the user's trusted data stay out of
 * the audit log. Instead, for every top-level string argument (and every string element of a
 * top-level array) the facts hold the {@link Provenance} the live history computed at decision
 * time, keyed by argument name, never by value. Argument values live only in {@link
 * AuditEvent#arguments()}, redacted by {@link Redactor}; a record with a redacted value cannot be
 * replayed and {@link #rebuild} says so rather than guess.
 *
 * <p>Format (version 1):
 *
 * <pre>{@code
 * {"call":{"agent","callId","taskId","toolName"},
 *  "history":{"cumulativeAmounts":{tool:"12.50"},"dataClassesRead":[..],"destinationsReached":[..],
 *             "toolsUsed":[..],"totalAmount":"12.50","untrustedContentSeen":false},
 *  "identity":{"createdAt","expiresAt","id","labels":[..],"modelBinding":{"model","provider","version"},
 *              "owner":{"displayName","id"},"purpose","reviewDueAt","state"},
 *  "provenance":{"to":"TRUSTED","cc":["UNKNOWN",null]},
 *  "task":{"agent","confidenceThreshold","deadline","delegation":null|{"chain","effectiveScope":{..},
 *          "expiresAt","parentAgent","parentTaskId"},"intent":{"parameters","purpose",
 *          "sensitivityCeiling","spendingCap"},"open","requester","taskId"},
 *  "time":"2026-..Z",
 *  "tool":{"action","argumentRoles","argumentTypes","credentialRequired","dataClasses","destination",
 *          "name","sensitivity","untrustedOutput"},
 *  "v":1}
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class RequestFacts {

  /** The facts format version written by {@link #of(AuthorizationRequest)}. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private RequestFacts() {}

  /**
   * Captures the facts of a request at decision time. Reads the task history once (a snapshot)
   * and asks it for the provenance of each string argument value.
   *
   * @param request the request being decided
   * @return canonical JSON for {@link AuditEvent.Builder#facts(String)}
   * @throws NullPointerException if {@code request} is null
   */
  public static String of(AuthorizationRequest request) {
    Objects.requireNonNull(request, "request");
    Map<String, Object> root = new TreeMap<>();
    root.put("v", FORMAT_VERSION);
    root.put("time", request.time().toString());
    Map<String, Object> call = new TreeMap<>();
    call.put("callId", request.call().callId());
    call.put("agent", request.call().agent().value());
    call.put("taskId", request.call().taskId());
    call.put("toolName", request.call().toolName());
    root.put("call", call);
    root.put("tool", tool(request.tool()));
    root.put("identity", identity(request.identity()));
    root.put("task", task(request.task(), request.time()));
    TaskHistory history = request.task().history();
    root.put("history", history(history));
    root.put("provenance", provenance(request.arguments(), history));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Serializing request facts to memory failed", e);
    }
  }

  /**
   * Rebuilds the request of a recorded decision, with the tool entry recorded at decision time.
   *
   * @param event a {@link AuditEvent.Type#DECISION} event
   * @return the request, with a frozen task and history
   * @throws NotReplayableException if the event is not a decision, has no or unreadable facts, or
   *     holds a redacted argument value
   * @throws NullPointerException if {@code event} is null
   */
  public static AuthorizationRequest rebuild(AuditEvent event) {
    return rebuild(event, name -> Optional.empty());
  }

  /**
   * Rebuilds the request of a recorded decision, taking the tool's catalogue entry from another
   * catalogue (a candidate policy's) when it has one, and the recorded entry otherwise.
   *
   * @param event a {@link AuditEvent.Type#DECISION} event
   * @param catalogue looks a tool name up in the catalogue to decide against
   * @return the request
   * @throws NotReplayableException if the event cannot be replayed (see {@link #rebuild(AuditEvent)})
   * @throws NullPointerException if an argument is null
   */
  public static AuthorizationRequest rebuild(AuditEvent event, Function<String, Optional<ToolDescriptor>> catalogue) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(catalogue, "catalogue");
    if (event.type() != AuditEvent.Type.DECISION) {
      throw new NotReplayableException("Only DECISION events can be replayed, but this is " + event.type());
    }
    if (event.facts().isEmpty()) {
      throw new NotReplayableException("The decision '" + SafeText.quote(event.decisionId()) + "' was recorded without request facts");
    }
    CanonicalArguments arguments;
    try {
      arguments = ArgumentCanonicalizer.parse(event.arguments());
    } catch (RuntimeException e) {
      throw new NotReplayableException(
          "The recorded arguments of decision '" + SafeText.quote(event.decisionId()) + "' are not canonical JSON", e);
    }
    if (Redactor.containsRedaction(arguments.values())) {
      throw new NotReplayableException(
          "The decision '" + SafeText.quote(event.decisionId()) + "' has redacted argument values, which the"
              + " policy may depend on; it is not replayed rather than guessed");
    }
    try {
      JsonNode root = MAPPER.readTree(event.facts());
      int version = root.path("v").asInt(-1);
      if (version != FORMAT_VERSION) {
        throw new NotReplayableException("Request facts format " + version + " is not supported (expected " + FORMAT_VERSION + ")");
      }
      Instant time = Instant.parse(text(root, "time"));
      JsonNode call = req(root, "call");
      String toolName = text(call, "toolName");
      ToolDescriptor recordedTool = readTool(req(root, "tool"));
      ToolDescriptor tool = catalogue.apply(toolName).orElse(recordedTool);
      AgentIdentity identity = readIdentity(req(root, "identity"));
      RecordedTaskHistory history = readHistory(req(root, "history"), req(root, "provenance"), arguments);
      TaskContext task = readTask(req(root, "task"), time, history);
      ToolCall toolCall =
          new ToolCall(text(call, "callId"), AgentId.of(text(call, "agent")), text(call, "taskId"), toolName, event.arguments());
      return new AuthorizationRequest(toolCall, tool, arguments, identity, task, time);
    } catch (JsonProcessingException | RuntimeException e) {
      if (e instanceof NotReplayableException) {
        throw (NotReplayableException) e;
      }
      throw new NotReplayableException(
          "The request facts of decision '" + SafeText.quote(event.decisionId()) + "' are unreadable: "
              + SafeText.quote(String.valueOf(e.getMessage())),
          e);
    }
  }

  private static Map<String, Object> tool(ToolDescriptor t) {
    Map<String, Object> m = new TreeMap<>();
    m.put("name", t.name());
    m.put("action", t.action().name());
    m.put("destination", t.destination());
    Map<String, String> roles = new TreeMap<>();
    t.argumentRoles().forEach((k, v) -> roles.put(k, v.name()));
    m.put("argumentRoles", roles);
    Map<String, String> types = new TreeMap<>();
    t.argumentTypes().forEach((k, v) -> types.put(k, v.name()));
    m.put("argumentTypes", types);
    m.put("untrustedOutput", t.untrustedOutput());
    m.put("dataClasses", new TreeSet<>(t.dataClasses()));
    m.put("sensitivity", t.sensitivity().name());
    m.put("credentialRequired", t.credentialRequired());
    return m;
  }

  private static Map<String, Object> identity(AgentIdentity i) {
    Map<String, Object> m = new TreeMap<>();
    m.put("id", i.id().value());
    m.put("owner", Map.of("id", i.owner().id(), "displayName", i.owner().displayName()));
    m.put("purpose", i.purpose());
    m.put("labels", new TreeSet<>(i.labels()));
    ModelBinding b = i.modelBinding();
    m.put("modelBinding", Map.of("provider", b.provider(), "model", b.model(), "version", b.version()));
    m.put("state", i.state().name());
    m.put("createdAt", i.createdAt().toString());
    m.put("expiresAt", i.expiresAt().toString());
    m.put("reviewDueAt", i.reviewDueAt().toString());
    return m;
  }

  private static Map<String, Object> task(TaskContext t, Instant time) {
    Map<String, Object> m = new TreeMap<>();
    m.put("taskId", t.taskId());
    m.put("agent", t.agent().value());
    m.put("requester", t.requester());
    m.put("deadline", t.deadline().toString());
    m.put("confidenceThreshold", t.confidenceThreshold());
    m.put("open", t.isOpenAt(time));
    TaskIntent intent = t.intent();
    Map<String, Object> im = new TreeMap<>();
    im.put("purpose", intent.purpose());
    im.put("parameters", new TreeMap<>(intent.parameters()));
    im.put("spendingCap", intent.spendingCap() == null ? null : intent.spendingCap().toPlainString());
    im.put("sensitivityCeiling", intent.sensitivityCeiling().name());
    m.put("intent", im);
    m.put("delegation", t.delegation().map(RequestFacts::delegation).orElse(null));
    return m;
  }

  private static Map<String, Object> delegation(Delegation d) {
    Map<String, Object> m = new TreeMap<>();
    m.put("parentAgent", d.parentAgent().value());
    m.put("parentTaskId", d.parentTaskId());
    List<String> chain = new ArrayList<>();
    d.chain().forEach(a -> chain.add(a.value()));
    m.put("chain", chain);
    m.put("expiresAt", d.expiresAt().toString());
    DelegationScope s = d.effectiveScope();
    Map<String, Object> sm = new TreeMap<>();
    sm.put("tools", s.tools() == null ? null : new TreeSet<>(s.tools()));
    sm.put("destinations", s.destinations() == null ? null : new TreeSet<>(s.destinations()));
    sm.put("maxAmount", s.maxAmount() == null ? null : s.maxAmount().toPlainString());
    sm.put("ttl", s.ttl() == null ? null : s.ttl().toString());
    sm.put("remainingDepth", s.remainingDepth());
    m.put("effectiveScope", sm);
    return m;
  }

  private static Map<String, Object> history(TaskHistory h) {
    Map<String, Object> m = new TreeMap<>();
    m.put("toolsUsed", h.toolsUsed());
    m.put("destinationsReached", new TreeSet<>(h.destinationsReached()));
    m.put("dataClassesRead", new TreeSet<>(h.dataClassesRead()));
    m.put("untrustedContentSeen", h.untrustedContentSeen());
    Map<String, String> amounts = new TreeMap<>();
    h.cumulativeAmounts().forEach((k, v) -> amounts.put(k, v.toPlainString()));
    m.put("cumulativeAmounts", amounts);
    m.put("totalAmount", h.totalAmount().toPlainString());
    return m;
  }

  private static Map<String, Object> provenance(CanonicalArguments arguments, TaskHistory history) {
    Map<String, Object> m = new TreeMap<>();
    Map<String, Provenance> cache = new HashMap<>();
    for (Map.Entry<String, Object> e : arguments.values().entrySet()) {
      Object v = e.getValue();
      if (v instanceof String) {
        m.put(e.getKey(), cache.computeIfAbsent((String) v, history::provenanceOf).name());
      } else if (v instanceof List) {
        List<String> elements = new ArrayList<>();
        for (Object element : (List<?>) v) {
          elements.add(element instanceof String ? cache.computeIfAbsent((String) element, history::provenanceOf).name() : null);
        }
        m.put(e.getKey(), elements);
      }
    }
    return m;
  }

  private static ToolDescriptor readTool(JsonNode n) {
    Map<String, ArgumentRole> roles = new HashMap<>();
    req(n, "argumentRoles").properties().forEach(e -> roles.put(e.getKey(), ArgumentRole.valueOf(e.getValue().textValue())));
    Map<String, ArgumentType> types = new HashMap<>();
    req(n, "argumentTypes").properties().forEach(e -> types.put(e.getKey(), ArgumentType.valueOf(e.getValue().textValue())));
    return new ToolDescriptor(
        text(n, "name"),
        ActionKind.valueOf(text(n, "action")),
        text(n, "destination"),
        roles,
        types,
        bool(n, "untrustedOutput"),
        strings(req(n, "dataClasses")),
        DataSensitivity.valueOf(text(n, "sensitivity")),
        bool(n, "credentialRequired"));
  }

  private static AgentIdentity readIdentity(JsonNode n) {
    JsonNode owner = req(n, "owner");
    JsonNode binding = req(n, "modelBinding");
    return new AgentIdentity(
        AgentId.of(text(n, "id")),
        Owner.of(text(owner, "id"), text(owner, "displayName")),
        text(n, "purpose"),
        strings(req(n, "labels")),
        ModelBinding.of(text(binding, "provider"), text(binding, "model"), text(binding, "version")),
        LifecycleState.valueOf(text(n, "state")),
        Instant.parse(text(n, "createdAt")),
        Instant.parse(text(n, "expiresAt")),
        Instant.parse(text(n, "reviewDueAt")));
  }

  private static TaskContext readTask(JsonNode n, Instant time, RecordedTaskHistory history) {
    JsonNode in = req(n, "intent");
    Map<String, List<String>> parameters = new TreeMap<>();
    req(in, "parameters").properties().forEach(e -> parameters.put(e.getKey(), new ArrayList<>(strings(e.getValue()))));
    JsonNode cap = req(in, "spendingCap");
    TaskIntent intent =
        new TaskIntent(
            text(in, "purpose"),
            "",
            parameters,
            cap.isNull() ? null : new BigDecimal(cap.textValue()),
            DataSensitivity.valueOf(text(in, "sensitivityCeiling")),
            List.of());
    JsonNode d = req(n, "delegation");
    Delegation delegation = d.isNull() ? null : readDelegation(d);
    JsonNode threshold = req(n, "confidenceThreshold");
    if (!threshold.isNumber()) {
      throw new IllegalArgumentException("confidenceThreshold is not a number");
    }
    return new RecordedTaskContext(
        text(n, "taskId"),
        AgentId.of(text(n, "agent")),
        text(n, "requester"),
        intent,
        Instant.parse(text(n, "deadline")),
        threshold.doubleValue(),
        bool(n, "open"),
        time,
        history,
        delegation);
  }

  private static Delegation readDelegation(JsonNode d) {
    JsonNode s = req(d, "effectiveScope");
    JsonNode tools = req(s, "tools");
    JsonNode destinations = req(s, "destinations");
    JsonNode maxAmount = req(s, "maxAmount");
    JsonNode ttl = req(s, "ttl");
    JsonNode depth = req(s, "remainingDepth");
    DelegationScope scope =
        new DelegationScope(
            tools.isNull() ? null : strings(tools),
            destinations.isNull() ? null : strings(destinations),
            maxAmount.isNull() ? null : new BigDecimal(maxAmount.textValue()),
            ttl.isNull() ? null : Duration.parse(ttl.textValue()),
            depth.isNull() ? null : depth.intValue());
    List<AgentId> chain = new ArrayList<>();
    for (String a : stringList(req(d, "chain"))) {
      chain.add(AgentId.of(a));
    }
    return new Delegation(
        AgentId.of(text(d, "parentAgent")), text(d, "parentTaskId"), chain, scope, Instant.parse(text(d, "expiresAt")));
  }

  private static RecordedTaskHistory readHistory(JsonNode h, JsonNode provenance, CanonicalArguments arguments) {
    Map<String, BigDecimal> amounts = new TreeMap<>();
    req(h, "cumulativeAmounts").properties().forEach(e -> amounts.put(e.getKey(), new BigDecimal(e.getValue().textValue())));
    Map<String, Provenance> byValue = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : provenance.properties()) {
      Object value = arguments.values().get(e.getKey());
      JsonNode p = e.getValue();
      if (p.isTextual() && value instanceof String) {
        byValue.put((String) value, Provenance.valueOf(p.textValue()));
      } else if (p.isArray() && value instanceof List) {
        List<?> list = (List<?>) value;
        for (int i = 0; i < p.size() && i < list.size(); i++) {
          if (p.get(i).isTextual() && list.get(i) instanceof String) {
            byValue.put((String) list.get(i), Provenance.valueOf(p.get(i).textValue()));
          }
        }
      }
    }
    return new RecordedTaskHistory(
        stringList(req(h, "toolsUsed")),
        strings(req(h, "destinationsReached")),
        strings(req(h, "dataClassesRead")),
        bool(h, "untrustedContentSeen"),
        amounts,
        new BigDecimal(text(h, "totalAmount")),
        byValue);
  }

  private static JsonNode req(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing field '" + name + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = req(n, name);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + name + "' is not a string");
    }
    return v.textValue();
  }

  private static boolean bool(JsonNode n, String name) {
    JsonNode v = req(n, name);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException("field '" + name + "' is not a boolean");
    }
    return v.booleanValue();
  }

  private static List<String> stringList(JsonNode n) {
    if (!n.isArray()) {
      throw new IllegalArgumentException("expected an array of strings");
    }
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw new IllegalArgumentException("expected an array of strings");
      }
      out.add(e.textValue());
    }
    return out;
  }

  private static Set<String> strings(JsonNode n) {
    Collection<String> list = stringList(n);
    return new LinkedHashSet<>(list);
  }
}
