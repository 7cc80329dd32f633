package io.flotilla.secrets.workspace;

import io.flotilla.error.ServiceException;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules for workspace secret names and values. Values are never echoed in errors. */
public final class SecretNames {
    /** Letters, digits, '_' and '-', starting with a letter or digit, at most 63 characters (e.g. PIP_INDEX_TOKEN). */
    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$";
    /** The largest value, in UTF-8 bytes (64 KiB). */
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private SecretNames() {
    }

    public static String requireName(String name) {
        if (name == null || !COMPILED.matcher(name).matches()) {
            throw ServiceException.invalid("name", "A secret name has 1 to 63 letters, digits, '_' or '-', "
                    + "and starts with a letter or digit.");
        }
        return name;
    }

    public static String requireValue(String value) {
        if (value == null || value.isEmpty()) {
            throw ServiceException.invalid("value", "The secret value is required.");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new ServiceException(ServiceException.Kind.INVALID_INPUT, "secret_too_large",
                    "The secret value has " + bytes + " bytes; the limit is " + MAX_VALUE_BYTES + " bytes (64 KiB).",
                    Map.of("field", "value", "maxBytes", MAX_VALUE_BYTES));
        }
        return value;
    }
}
