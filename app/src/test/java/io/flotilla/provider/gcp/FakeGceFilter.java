package io.flotilla.provider.gcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Compute Engine's list filter syntax the fake understands: terms {@code field = "value"} (also
 * {@code eq}, {@code !=}, {@code ne}), optionally in parentheses, joined by {@code AND}; fields are plain
 * ({@code name}, {@code status}, {@code operationType}) or {@code labels.<key>}. Anything else is refused
 * (the fake answers 400), so that a filter the fake would misread never passes silently.
 */
final class FakeGceFilter {
    private static final Pattern TERM = Pattern.compile(
            "\\(?\\s*([a-zA-Z][a-zA-Z0-9_.-]*)\\s*(=|eq|!=|ne)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)?");

    private FakeGceFilter() {
    }

    /** The filter as a predicate over a resource's fields; IllegalArgumentException for syntax the fake does not know. */
    static Predicate<Map<String, String>> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return fields -> true;
        }
        List<Predicate<Map<String, String>>> terms = new ArrayList<>();
        for (String term : filter.trim().split("\\s+AND\\s+")) {
            Matcher matcher = TERM.matcher(term.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("Invalid list filter expression: " + term);
            }
            String field = matcher.group(1);
            boolean equal = matcher.group(2).equals("=") || matcher.group(2).equals("eq");
            String value = matcher.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
            terms.add(fields -> value.equals(fields.get(field)) == equal);
        }
        return fields -> terms.stream().allMatch(t -> t.test(fields));
    }
}
