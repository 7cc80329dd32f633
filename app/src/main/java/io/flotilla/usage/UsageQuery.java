package io.flotilla.usage;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A validated usage question ({@link UsageService#query}): usage between {@code since} (inclusive) and {@code until}
 * (exclusive), optionally of one user or cluster name, grouped, one page of the groups.
 */
public record UsageQuery(UsageGroup by, Instant since, Instant until, @Nullable String user, @Nullable String cluster,
                         int limit, int offset) {
}
