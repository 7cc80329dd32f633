package io.flotilla.identity;

import java.util.UUID;

/**
 * Who is asking: the authenticated user of a REST request or a console session. Every service method
 * that reads or changes tenant data takes one and checks it.
 */
public record Caller(UUID userId, String username, boolean applianceAdmin) {
    public static Caller of(User user) {
        return new Caller(user.id(), user.username(), user.applianceAdmin());
    }
}
