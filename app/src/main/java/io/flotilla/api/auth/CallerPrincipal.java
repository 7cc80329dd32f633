package io.flotilla.api.auth;

import io.flotilla.identity.Caller;

import java.security.Principal;

/** The authenticated {@link Caller} as the {@link Principal} that Micronaut's own endpoints (health) receive. */
public record CallerPrincipal(Caller caller) implements Principal {
    @Override
    public String getName() {
        return caller.username();
    }
}
