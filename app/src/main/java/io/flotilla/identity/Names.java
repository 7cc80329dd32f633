package io.flotilla.identity;

import io.flotilla.error.ServiceException;

import java.util.regex.Pattern;

/** The rules for names that appear in URLs (usernames, workspaces, tokens, clusters). */
public final class Names {
    /** Lower-case letters, digits and dashes, starting with a letter or digit, at most 63 characters. */
    public static final String PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$";
    public static final int MAX_LENGTH = 63;
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Names() {
    }

    /** Throws a clear {@code invalid_input} error unless {@code value} is a valid name. */
    public static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ServiceException.invalid(field, "The " + field + " is required.");
        }
        if (value.length() > MAX_LENGTH) {
            throw ServiceException.invalid(field, "The " + field + " is longer than " + MAX_LENGTH + " characters.");
        }
        if (!COMPILED.matcher(value).matches()) {
            throw ServiceException.invalid(field, "The " + field + " '" + value
                    + "' may contain only lower-case letters, digits and dashes, and must start with a letter or digit.");
        }
        return value;
    }

    /** Free text (display names, descriptions): optional, but bounded. */
    public static String text(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw ServiceException.invalid(field, "The " + field + " is longer than " + maxLength + " characters.");
        }
        return value;
    }
}
