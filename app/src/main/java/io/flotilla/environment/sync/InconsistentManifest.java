package io.flotilla.environment.sync;

import io.flotilla.error.ServiceException;

import java.util.Map;

/**
 * A package-sync request whose every field is well-formed but whose parts contradict each other (a package listed
 * twice, a wheel of another distribution, bytes that do not hash to the hash sent with them): the REST routes answer
 * 422 with {@link #code()}, since no schema can state such a rule.
 */
public class InconsistentManifest extends ServiceException {
    public static final String CODE = "manifest_inconsistent";

    public InconsistentManifest(String field, String message) {
        this(CODE, field, message);
    }

    public InconsistentManifest(String code, String field, String message) {
        super(Kind.INVALID_INPUT, code, message, Map.of("field", field));
    }
}
