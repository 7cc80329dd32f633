package io.flotilla.ui.views;

import io.flotilla.identity.User;
import io.flotilla.identity.UserRepository;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Usernames of cluster owners, looked up once per view (users are never deleted, only disabled). */
final class OwnerNames {
    private final UserRepository users;
    private final Map<UUID, String> known = new HashMap<>();

    OwnerNames(UserRepository users) {
        this.users = users;
    }

    String of(UUID userId) {
        return known.computeIfAbsent(userId, id -> users.findById(id).map(User::username).orElse("unknown user"));
    }
}
