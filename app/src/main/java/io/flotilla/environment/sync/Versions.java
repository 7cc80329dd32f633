package io.flotilla.environment.sync;

import io.micronaut.core.annotation.Nullable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versions as installers see them: whether a version is a public PEP 440 release PyPI can serve exactly, and the
 * nearest such release for one that is not (a local label such as {@code +cpu}, a conda build such as
 * {@code 1.26.4=py311h64a7726_0} or {@code 2.1_1}).
 */
public final class Versions {
    /** What a manifest may carry as a version: no spaces, no requirement operators, no markers. */
    /** A Python 3 version as sys.version reports it, e.g. 3.11.7 or 3.13.0rc1 (the same in Java and OpenAPI). */
    public static final String PYTHON_PATTERN = "^(3)\\.(\\d{1,2})(\\.\\d{1,3})?([a-z0-9+.]*)$";
    private static final Pattern PYTHON = Pattern.compile(PYTHON_PATTERN);
    public static final String SAFE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9.+!_=-]{0,79}$";
    private static final Pattern SAFE = Pattern.compile(SAFE_PATTERN);
    private static final Pattern PUBLIC = Pattern.compile(
            "^(\\d+!)?\\d+(\\.\\d+)*((a|b|rc)\\d+)?(\\.post\\d+)?(\\.dev\\d+)?$");
    private static final Pattern LEADING_RELEASE = Pattern.compile("^(\\d+!)?\\d+(\\.\\d+)*((a|b|rc)\\d+)?(\\.post\\d+)?(\\.dev\\d+)?");

    private Versions() {
    }

    public static boolean isSafe(String version) {
        return version != null && SAFE.matcher(version).matches();
    }

    /** A public release PyPI can serve with {@code name==version}. */
    public static boolean isPublic(String version) {
        return PUBLIC.matcher(version).matches();
    }

    /** The nearest public release (the version's leading release part), or null when it has none. */
    @Nullable
    public static String nearestPublic(String version) {
        Matcher m = LEADING_RELEASE.matcher(version);
        return m.find() ? m.group() : null;
    }

    /** "3.11" of "3.11.7"; null when the text is no Python version. */
    @Nullable
    public static String majorMinor(String python) {
        Matcher m = PYTHON.matcher(python);
        return m.matches() ? m.group(1) + "." + m.group(2) : null;
    }
}
