package io.nhiguard.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the policy knows about one tool: the catalogue entry. An unknown tool is denied.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the tool name, in the tool-name grammar {@code [a-z][a-z0-9_.-]{0,63}}
 * @param action what the tool does
 * @param destination the system or host the tool reaches ({@code "local"} for none); the audience
 *     of its credentials
 * @param argumentRoles the role of each argument the policy reads, by argument name
 * @param argumentTypes the JSON type of each argument, enforced before the policy sees it; an
 *     argument with the {@link ArgumentRole#AMOUNT} role is a {@link ArgumentType#NUMBER} unless
 *     declared otherwise
 * @param untrustedOutput whether the tool's output may carry content an attacker controls
 *     (e-mail, web pages, shared files); such output marks the task as having seen untrusted
 *     content and gives no trusted provenance to values in it
 * @param dataClasses the data classes the tool reads or emits, for example {@code pii}
 * @param sensitivity the sensitivity of the data the tool returns
 * @param credentialRequired whether a permitted call leases a credential for the destination
 * @since 0.1.0
 */
public record ToolDescriptor(
    String name,
    ActionKind action,
    String destination,
    Map<String, ArgumentRole> argumentRoles,
    Map<String, ArgumentType> argumentTypes,
    boolean untrustedOutput,
    Set<String> dataClasses,
    DataSensitivity sensitivity,
    boolean credentialRequired) {

  /**
   * Validates a descriptor.
   *
   * @param name the {@code name} component
   * @param action the {@code action} component
   * @param destination the {@code destination} component
   * @param argumentRoles the {@code argumentRoles} component
   * @param argumentTypes the {@code argumentTypes} component
   * @param untrustedOutput the {@code untrustedOutput} component
   * @param dataClasses the {@code dataClasses} component
   * @param sensitivity the {@code sensitivity} component
   * @param credentialRequired the {@code credentialRequired} component
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if the name does not follow the tool-name grammar or the
   *     destination is blank
   */
  public ToolDescriptor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(argumentRoles, "argumentRoles");
    Objects.requireNonNull(argumentTypes, "argumentTypes");
    Objects.requireNonNull(dataClasses, "dataClasses");
    Objects.requireNonNull(sensitivity, "sensitivity");
    if (!ToolNames.isWellFormed(name)) {
      throw new IllegalArgumentException(ToolNames.problem(name));
    }
    if (destination.isBlank()) {
      throw new IllegalArgumentException(
          "Tool '" + name + "' has a blank destination; use \"local\" for tools that reach no other system");
    }
    argumentRoles = Map.copyOf(argumentRoles);
    argumentTypes = Map.copyOf(argumentTypes);
    dataClasses = Set.copyOf(dataClasses);
  }

  /**
   * A descriptor with no argument roles or types, no data classes, trusted output, {@link
   * DataSensitivity#INTERNAL} data, and a credential for mutating actions only.
   *
   * @param name the tool name
   * @param action the action kind
   * @param destination the destination
   * @return the descriptor
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the name or destination is malformed
   */
  public static ToolDescriptor of(String name, ActionKind action, String destination) {
    return new ToolDescriptor(
        name, action, destination, Map.of(), Map.of(), false, Set.of(), DataSensitivity.INTERNAL, action.isMutating());
  }

  /**
   * Returns the declared type of an argument: its declared type, else {@link ArgumentType#NUMBER}
   * for an {@link ArgumentRole#AMOUNT}, else {@link ArgumentType#ANY}.
   *
   * @param argument the argument name
   * @return the type
   * @throws NullPointerException if {@code argument} is null
   */
  public ArgumentType typeOf(String argument) {
    ArgumentType declared = argumentTypes.get(Objects.requireNonNull(argument, "argument"));
    if (declared != null) {
      return declared;
    }
    return argumentRoles.get(argument) == ArgumentRole.AMOUNT ? ArgumentType.NUMBER : ArgumentType.ANY;
  }
}
