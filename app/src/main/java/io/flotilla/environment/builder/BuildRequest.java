package io.flotilla.environment.builder;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/** One build to run. cloudAccountId: the workspace's bound cloud account, null = the provider's default account. */
public record BuildRequest(UUID buildId, String specHash, EnvironmentSpec spec, String workspace,
                           @Nullable UUID cloudAccountId, @Nullable PackageIndex index, WheelSource wheels) { }
