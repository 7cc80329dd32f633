package io.flotilla.audit;

import org.slf4j.MDC;

/** The id of the request being served, carried in the logging context (MDC) by the request filter. */
public final class RequestIds {
    /** MDC key and log pattern name. */
    public static final String MDC_KEY = "requestId";

    private RequestIds() {
    }

    /** The request's id, or {@code console} for changes made from the console (which has no request id). */
    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id == null ? "console" : id;
    }

    /** The request's id, or null outside a request (the engine's own threads). */
    public static String currentOrNull() {
        return MDC.get(MDC_KEY);
    }
}
