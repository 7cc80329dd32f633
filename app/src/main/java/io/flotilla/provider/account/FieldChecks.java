package io.flotilla.provider.account;

import io.flotilla.error.ServiceException;

import java.util.regex.Pattern;

/** The two checks every {@link AccountSupport} makes of a registration's fields: each violation a 400 naming the field. */
public final class FieldChecks {
    private FieldChecks() {
    }

    /** 400 with the message unless the value is present and matches. */
    public static void require(String value, Pattern pattern, String field, String message) {
        refuse(value == null || !pattern.matcher(value).matches(), field, message);
    }

    /** 400 with the message when the condition holds. */
    public static void refuse(boolean condition, String field, String message) {
        if (condition) {
            throw ServiceException.invalid(field, message);
        }
    }
}
