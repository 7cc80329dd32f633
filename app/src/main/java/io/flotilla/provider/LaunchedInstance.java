package io.flotilla.provider;

/**
 * An instance that a provider started (or had already started for the same idempotency key).
 *
 * @param instanceId     the provider's id, used to terminate it
 * @param instanceName   the engine's name for it
 * @param privateAddress address at which other instances of the cluster reach it
 */
public record LaunchedInstance(String instanceId, String instanceName, String privateAddress) {
}
