/**
 * The public model of nhi-guard: value types, decisions, exceptions and service-provider interfaces.
 *
 * <p>This module has no runtime dependencies. Implementations live in {@code io.nhiguard.core}.
 */
module io.nhiguard.api {
  exports io.nhiguard.api;
  exports io.nhiguard.api.spi;
}
