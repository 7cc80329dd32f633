package io.flotilla.environment.builder;

import java.util.List;

/** A conda spec: channels and dependencies, in order. */
public record CondaSpec(List<String> channels, List<String> dependencies) { }
