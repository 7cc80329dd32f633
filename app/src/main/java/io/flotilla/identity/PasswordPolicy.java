package io.flotilla.identity;

import io.flotilla.error.ServiceException;

import java.util.Map;

/**
 * The minimum a password must meet wherever one is set: 12 to 256 characters, and not the username.
 * A password chosen to replace another must also differ from it.
 */
public final class PasswordPolicy {
    /** Shortest password accepted. */
    public static final int MIN_LENGTH = 12;
    /** Longest password accepted. */
    public static final int MAX_LENGTH = 256;
    /** The rules in one sentence, as the error messages and the console show them. */
    public static final String RULES = "A password must have between " + MIN_LENGTH + " and " + MAX_LENGTH
            + " characters and must not be the username";

    private PasswordPolicy() {
    }

    /** Throws {@code invalid_input} naming {@code field} unless {@code password} meets the rules for {@code username}. */
    public static void check(String field, String username, String password) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH
                || password.equalsIgnoreCase(username)) {
            throw refused(field, RULES + ".");
        }
    }

    /** As {@link #check}, and the new password must not be the one it replaces. */
    public static void checkReplacement(String username, String current, String replacement) {
        check("newPassword", username, replacement);
        if (replacement.equals(current)) {
            throw refused("newPassword", "The new password must differ from the current one. " + RULES + ".");
        }
    }

    private static ServiceException refused(String field, String message) {
        return new ServiceException(ServiceException.Kind.INVALID_INPUT, "invalid_input", message,
                Map.of("field", field, "minLength", MIN_LENGTH, "maxLength", MAX_LENGTH));
    }
}
