package io.flotilla.environment.sync;

import java.util.Locale;
import java.util.regex.Pattern;

/** Distribution names as PyPA specifies them: what is a valid one, and its normalised form (PEP 503). */
public final class PackageNames {
    /** A valid distribution name (PEP 508 / core metadata). */
    public static final String PATTERN = "^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$";
    public static final int MAX_LENGTH = 100;
    private static final Pattern VALID = Pattern.compile(PATTERN);
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    private PackageNames() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    /** The PEP 503 normal form: lower case, runs of '-', '_' and '.' as one '-'. */
    public static String normalize(String name) {
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
