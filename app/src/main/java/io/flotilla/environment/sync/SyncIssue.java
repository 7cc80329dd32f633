package io.flotilla.environment.sync;

import io.micronaut.core.annotation.Nullable;

/** One thing package sync could not reproduce exactly, as a sentence for the user. */
public record SyncIssue(IssueSeverity severity, @Nullable String packageName, String sentence) {
}
