package io.flotilla.ui.views;

import io.flotilla.identity.Directory;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Usernames of cluster owners, looked up once per view (users are never deleted, only disabled). */
final class OwnerNames {
    private final Directory directory;
    private final Map<UUID, String> known = new HashMap<>();

    OwnerNames(Directory directory) {
        this.directory = directory;
    }

    String of(UUID userId) {
        return known.computeIfAbsent(userId, id -> directory.usernames(java.util.List.of(id)).getOrDefault(id, "unknown user"));
    }
}
