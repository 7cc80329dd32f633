package io.flotilla.environment;

import java.util.UUID;

/** A build was queued; published in the transaction that queued it, acted on after commit (runs the builds task now). */
public record EnvironmentBuildQueued(UUID buildId) {
}
