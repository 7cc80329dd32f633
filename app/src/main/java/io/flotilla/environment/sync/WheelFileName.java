package io.flotilla.environment.sync;

import io.flotilla.error.ServiceException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wheel's file name as the binary distribution format specifies it:
 * {@code {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl}. Anything else (a path, {@code ..},
 * a backslash, another extension) is refused before a byte is stored.
 */
public record WheelFileName(String filename, String distribution, String version, String pythonTag, String abiTag,
                            String platformTag) {
    public static final int MAX_LENGTH = 200;
    /** The file name pattern (documented on the upload route). */
    public static final String PATTERN = "^[A-Za-z0-9](?:[A-Za-z0-9_.]*[A-Za-z0-9])?-[A-Za-z0-9_.!+]+(?:-[0-9][A-Za-z0-9_.]*)?"
            + "-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+\\.whl$";
    private static final Pattern PARTS = Pattern.compile(
            "^([A-Za-z0-9](?:[A-Za-z0-9_.]*[A-Za-z0-9])?)-([A-Za-z0-9_.!+]+)(?:-([0-9][A-Za-z0-9_.]*))?"
                    + "-([A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)-([A-Za-z0-9_.]+)\\.whl$");
    private static final Pattern CPYTHON = Pattern.compile("^cp3(\\d{1,2})$");
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    /** The parsed name, or a 400 saying why {@code filename} is not a wheel file name. */
    public static WheelFileName parse(String filename) {
        if (filename == null || filename.isEmpty()) {
            throw ServiceException.invalid("filename", "A wheel file name is required.");
        }
        if (filename.length() > MAX_LENGTH) {
            throw ServiceException.invalid("filename", "A wheel file name has at most " + MAX_LENGTH + " characters.");
        }
        if (filename.contains("/") || filename.contains("\\") || filename.contains("..") || filename.startsWith(".")) {
            throw ServiceException.invalid("filename", "'" + printable(filename)
                    + "' is a path, not a wheel file name: no '/', '\\' or '..' are allowed.");
        }
        Matcher m = PARTS.matcher(filename);
        if (!m.matches()) {
            throw ServiceException.invalid("filename", "'" + printable(filename) + "' is not a wheel file name"
                    + " (name-version[-build]-python-abi-platform.whl, as the wheel format specifies).");
        }
        return new WheelFileName(filename, m.group(1), m.group(2), m.group(4), m.group(5), m.group(6));
    }

    /** A lower-case hex SHA-256, or a 400 naming {@code field}. */
    public static String requireSha256(String sha256, String field) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw ServiceException.invalid(field, field + " must be the wheel's SHA-256 as 64 lower-case hex digits.");
        }
        return sha256;
    }

    /** The platform tags of this wheel ({@code manylinux_2_17_x86_64.manylinux2014_x86_64} holds two). */
    public List<String> platforms() {
        return List.of(platformTag.split("\\."));
    }

    /** Whether this wheel installs on Linux with that architecture (x86_64 or arm64). */
    public boolean installsOnLinux(String architecture) {
        String machine = "arm64".equals(architecture) ? "aarch64" : architecture;
        return platforms().stream().anyMatch(p -> p.equals("any")
                || (p.endsWith("_" + machine) && (p.startsWith("linux") || p.startsWith("manylinux") || p.startsWith("musllinux"))));
    }

    /** Whether this wheel's python tags accept CPython {@code majorMinor} ("3.11"), abi3 wheels of older minors included. */
    public boolean installsOnPython(String majorMinor) {
        int minor = Integer.parseInt(majorMinor.substring(majorMinor.indexOf('.') + 1));
        for (String tag : pythonTag.split("\\.")) {
            Matcher cp = CPYTHON.matcher(tag);
            if (tag.equals("py3") || tag.equals("py2.py3") || tag.equals("py3" + minor)
                    || (cp.matches() && (Integer.parseInt(cp.group(1)) == minor
                    || (abiTag.equals("abi3") && Integer.parseInt(cp.group(1)) <= minor)))) {
                return true;
            }
        }
        return false;
    }

    private static String printable(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
