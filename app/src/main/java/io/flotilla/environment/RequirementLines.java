package io.flotilla.environment;

import io.flotilla.error.ServiceException;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reading of PEP 508 requirement lines: a project name, optional extras, optional version specifiers and
 * optional environment markers — nothing else. URLs ({@code name @ https://…}), paths, options ({@code -e},
 * {@code --index-url}, {@code -r}) and comments are refused: the index is the workspace's, files are uploaded
 * wheels, and the appliance decides the installer's options.
 */
public final class RequirementLines {
    /** Longest requirement line accepted. */
    public static final int MAX_LINE = 200;
    private static final String NAME = "[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?";
    private static final String VERSION = "[A-Za-z0-9_.*+!-]+";
    private static final String SPECIFIER = "(?:~=|===|==|!=|<=|>=|<|>) *" + VERSION;
    private static final String SPECIFIERS = SPECIFIER + "(?: *, *" + SPECIFIER + ")*";
    private static final String MARKER_VAR = "(?:python_version|python_full_version|os_name|sys_platform|platform_release"
            + "|platform_system|platform_version|platform_machine|platform_python_implementation|implementation_name"
            + "|implementation_version|extra)";
    private static final String MARKER_OP = "(?:===|==|!=|<=|>=|<|>|~=|not +in|in)";
    private static final String QUOTED = "(?:'[A-Za-z0-9_. *+!,<>=~-]*'|\"[A-Za-z0-9_. *+!,<>=~-]*\")";
    private static final String MARKER_ATOM = "(?:" + MARKER_VAR + " *" + MARKER_OP + " *" + QUOTED
            + "|" + QUOTED + " *" + MARKER_OP + " *" + MARKER_VAR + ")";
    private static final String MARKER = MARKER_ATOM + "(?: +(?:and|or) +" + MARKER_ATOM + ")*";
    private static final String LINE_TEXT = "(" + NAME + ") *(\\[ *" + NAME + "(?: *, *" + NAME
            + ")* *\\])? *(" + SPECIFIERS + "|\\( *" + SPECIFIERS + " *\\))? *(; *" + MARKER + ")?";
    /** A requirement line, the same regular expression in Java and in the OpenAPI document (spaces, no tabs). */
    public static final String PATTERN = "^ *" + LINE_TEXT + " *$";
    private static final Pattern LINE = Pattern.compile(LINE_TEXT);
    private static final Pattern WHOLE_LINE = Pattern.compile(PATTERN);

    private RequirementLines() {
    }

    /** The line without white space (markers: collapsed), or 400 with a sentence saying what is wrong with it. */
    public static String check(String field, String line) {
        String trimmed = line == null ? "" : line.strip().replaceAll(" +", " ");
        if (trimmed.isEmpty()) {
            throw invalid(field, "an empty requirement line", line);
        }
        if (trimmed.length() > MAX_LINE) {
            throw invalid(field, "a requirement line longer than " + MAX_LINE + " characters", trimmed.substring(0, 40) + "...");
        }
        if (trimmed.startsWith("-")) {
            throw invalid(field, "an installer option (" + trimmed.split(" ")[0] + "); options such as -e, -r or"
                    + " --index-url are not accepted, a workspace's private index is set as its PACKAGE_INDEX_URL secret", trimmed);
        }
        if (trimmed.contains("://") || trimmed.contains("@") || trimmed.contains("/") || trimmed.contains("\\")) {
            throw invalid(field, "a URL or a path; only names from the package index are accepted (upload local"
                    + " packages as wheels with package sync)", trimmed);
        }
        if (line.length() > MAX_LINE || !WHOLE_LINE.matcher(line).matches()) {
            throw invalid(field, "a line that is not a PEP 508 requirement (name, [extras], version specifiers,"
                    + " ; markers), such as 'six==1.17.0' or 'requests[socks]>=2.31; python_version >= \"3.10\"'", trimmed);
        }
        int semicolon = trimmed.indexOf(';');
        String requirement = semicolon < 0 ? trimmed : trimmed.substring(0, semicolon);
        String marker = semicolon < 0 ? "" : "; " + trimmed.substring(semicolon + 1).strip();
        return requirement.replace(" ", "") + marker;
    }

    /** The normalised project name of a checked line (PEP 503: lower case, runs of -_. as one -). */
    public static String projectName(String line) {
        Matcher matcher = LINE.matcher(line);
        String name = matcher.lookingAt() ? matcher.group(1) : line;
        return normalise(name);
    }

    public static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** Checks every line; returns them normalised, in order. */
    public static List<String> checkAll(String field, List<String> lines) {
        return lines.stream().map(l -> check(field, l)).toList();
    }

    private static ServiceException invalid(String field, String what, String line) {
        return new ServiceException(ServiceException.Kind.INVALID_INPUT, "invalid_input",
                field + ": '" + (line == null ? "" : line) + "' is " + what + ".", Map.of("field", field));
    }
}
