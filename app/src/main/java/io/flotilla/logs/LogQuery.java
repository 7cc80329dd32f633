package io.flotilla.logs;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * Which lines to read: by role ({@code scheduler}/{@code worker}), instance name, time window, a
 * case-insensitive text filter, and at most {@code limit} lines (the newest, returned oldest first).
 */
public record LogQuery(@Nullable String role, @Nullable String instance, @Nullable Instant since,
                       @Nullable Instant until, @Nullable String filter, int limit) {
}
