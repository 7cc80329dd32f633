package io.flotilla.audit;

import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;

/**
 * What part of the audit log to list; every field is optional.
 *
 * @param action exact action, e.g. {@code cluster.stop}, or a prefix ending in {@code .*}, e.g. {@code security_group.*}
 * @param target exact target (a cluster's, user's, token's or account's name)
 * @param kind   {@value AuditEvent#API} or {@value AuditEvent#ENGINE}
 */
public record AuditFilter(@Nullable String action, @Nullable String target, @Nullable String kind) {
    /** Everything. */
    public static final AuditFilter ALL = new AuditFilter(null, null, null);
    /** An action, or a prefix of actions ending in {@code .*}: no other {@code *}. */
    public static final String ACTION_PATTERN = "^[^*]*(\\.\\*)?$";
    public static final int MAX_ACTION = 64;
    public static final int MAX_TARGET = 255;

    public AuditFilter {
        if (kind != null && !kind.isBlank() && !kind.equals(AuditEvent.API) && !kind.equals(AuditEvent.ENGINE)) {
            throw ServiceException.invalid("kind", "kind must be '" + AuditEvent.API + "' or '" + AuditEvent.ENGINE + "'.");
        }
        // checked as given (before trimming), exactly as the OpenAPI document states it (ACTION_PATTERN, lengths)
        if (action != null && (action.length() > MAX_ACTION || !action.matches(ACTION_PATTERN))) {
            throw ServiceException.invalid("action", "action must be an action (e.g. cluster.stop) or a prefix ending in"
                    + " '.*' (e.g. security_group.*), at most " + MAX_ACTION + " characters.");
        }
        if (target != null && target.length() > MAX_TARGET) {
            throw ServiceException.invalid("target", "target must be at most " + MAX_TARGET + " characters.");
        }
        action = blankToNull(action);
        target = blankToNull(target);
        kind = blankToNull(kind);
    }

    /** The SQL LIKE pattern of the action, or null for any action. */
    String actionPattern() {
        if (action == null) {
            return null;
        }
        String escaped = action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return escaped.endsWith(".*") ? escaped.substring(0, escaped.length() - 1) + "%" : escaped;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
