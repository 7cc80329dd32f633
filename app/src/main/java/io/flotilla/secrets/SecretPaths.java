package io.flotilla.secrets;

import java.util.regex.Pattern;

/** The rule for {@link SecretStore} paths: relative, segments of safe characters, no dot-segments. */
public final class SecretPaths {
    /** One path segment: letters, digits, dots, dashes and underscores, not "." or "..". */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int MAX_LENGTH = 512;

    private SecretPaths() {
    }

    /** Returns {@code path} unchanged, or throws {@link IllegalArgumentException} if it breaks the rule. */
    public static String require(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("A secret path must have 1 to " + MAX_LENGTH + " characters.");
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("The secret path '" + path
                        + "' must be relative, with segments of letters, digits, '.', '-' and '_' separated by single slashes.");
            }
        }
        return path;
    }

    /** The path of a workspace secret. */
    public static String workspaceSecret(java.util.UUID workspaceId, String name) {
        return require("workspaces/" + workspaceId + "/secrets/" + name);
    }
}
