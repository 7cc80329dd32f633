package io.flotilla.usage;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** The vCPUs a workspace's instances held at one moment. */
@Serdeable
public record CoresPoint(Instant at, int cores) {
}
