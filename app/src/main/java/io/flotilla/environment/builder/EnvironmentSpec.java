package io.flotilla.environment.builder;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** A software environment's canonical content; its SHA-256 over the canonical JSON is the build hash. */
public record EnvironmentSpec(List<String> pip, @Nullable CondaSpec conda, @Nullable String container,
                              String python, String architecture, boolean gpu, List<WheelRef> wheels) { }
