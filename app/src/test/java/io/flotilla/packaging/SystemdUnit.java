package io.flotilla.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file or environment file read the way systemd reads it, for tests that run what the images run:
 * {@code [Section]} headers, {@code Key=value} lines (a key may repeat), {@code #}/{@code ;} comments; an environment
 * file is {@code KEY=value} lines, optionally quoted.
 */
final class SystemdUnit {
    private final Map<String, Map<String, List<String>>> sections;

    private SystemdUnit(Map<String, Map<String, List<String>>> sections) {
        this.sections = sections;
    }

    static SystemdUnit read(Path file) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        String section = null;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (section == null || eq < 0) {
                throw new IllegalArgumentException(file + ": not a unit line: " + line);
            }
            sections.get(section).computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
        }
        return new SystemdUnit(sections);
    }

    /** The last value of the key in the section (what systemd uses for single-valued keys). */
    String get(String section, String key) {
        List<String> values = sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the unit has no " + key + "= in [" + section + "]");
        }
        return values.get(values.size() - 1);
    }

    /** An EnvironmentFile's variables, in order. */
    static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(file + ": not a KEY=value line: " + line);
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(line.substring(0, eq).strip(), value);
        }
        return env;
    }
}
