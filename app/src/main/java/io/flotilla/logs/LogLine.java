package io.flotilla.logs;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One line of a cluster's logs. */
@Serdeable
public record LogLine(Instant time, String instance, String role, String message) {
}
