package io.flotilla.audit;

import org.slf4j.MDC;

/** The id of the request being served, carried in the logging context (MDC) by the request filter. */
public final class RequestIds {
    /** MDC key and log pattern name. */
    public static final String MDC_KEY = "requestId";

    private RequestIds() {
    }

    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id == null ? "console" : id;
    }
}
