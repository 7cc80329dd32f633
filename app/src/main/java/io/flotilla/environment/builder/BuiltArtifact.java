package io.flotilla.environment.builder;

/** What a finished build produced. kind: "venv" (reference = absolute path of its python) or "image" (reference = image URI). */
public record BuiltArtifact(String kind, String reference) { }
