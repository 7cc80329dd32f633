package io.flotilla.api.auth;

import io.flotilla.audit.RequestIds;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.core.async.publisher.Publishers;
import org.reactivestreams.Publisher;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} if it is sane, else a new one), puts it
 * in the logging context for every log line and audit entry of the request, and returns it.
 */
@Filter("/**")
public class RequestIdFilter implements HttpServerFilter {
    /** Header carrying the request id, in and out. */
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        String incoming = request.getHeaders().get(HEADER);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        PropagatedContext context = PropagatedContext.getOrEmpty()
                .plus(new MdcPropagationContext(Map.of(RequestIds.MDC_KEY, id)));
        try (PropagatedContext.Scope ignored = context.propagate()) {
            return Publishers.map(chain.proceed(request), response -> response.header(HEADER, id));
        }
    }
}
