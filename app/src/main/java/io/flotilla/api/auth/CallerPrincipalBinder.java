package io.flotilla.api.auth;

import io.flotilla.identity.Caller;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.security.Principal;
import java.util.Optional;

/**
 * Fills a {@link Principal} parameter (as Micronaut's health endpoint declares) with the {@link CallerPrincipal}
 * that {@link BearerAuthFilter} or {@link HealthCallerFilter} authenticated; none for an anonymous request.
 */
@Singleton
public class CallerPrincipalBinder implements TypedRequestArgumentBinder<Principal> {
    @Override
    public Argument<Principal> argumentType() {
        return Argument.of(Principal.class);
    }

    @Override
    public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
        Optional<Principal> principal = source.getAttribute(BearerAuthFilter.CALLER_ATTRIBUTE, Caller.class)
                .map(CallerPrincipal::new);
        return () -> principal;
    }
}
