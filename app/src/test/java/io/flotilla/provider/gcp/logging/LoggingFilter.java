package io.flotilla.provider.gcp.logging;

import com.google.logging.v2.LogEntry;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The part of the Logging query language the fake understands: comparisons of {@code logName},
 * {@code labels.<key>} / {@code labels."<key>"}, {@code resource.type}, {@code severity} (equality only) and
 * {@code timestamp} ({@code = >= <= > <}) with a quoted string, joined by {@code AND} and {@code OR} (which,
 * as in Cloud Logging, binds tighter than AND), parentheses and {@code NOT}. Anything else is refused, so a
 * filter the fake does not understand fails the test instead of matching everything.
 */
final class LoggingFilter {
    private final List<String> tokens;
    private int at;

    private LoggingFilter(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The entries a filter selects; an empty filter selects all. */
    static Predicate<LogEntry> parse(String filter) {
        List<String> tokens = tokenize(filter);
        if (tokens.isEmpty()) {
            return e -> true;
        }
        LoggingFilter parser = new LoggingFilter(tokens);
        Predicate<LogEntry> predicate = parser.and();
        if (parser.at != tokens.size()) {
            throw new IllegalArgumentException("Unexpected '" + tokens.get(parser.at) + "' in filter: " + filter);
        }
        return predicate;
    }

    private Predicate<LogEntry> and() {
        Predicate<LogEntry> p = or();
        while (true) {
            if (accept("AND")) {
                p = p.and(or());
            } else if (at < tokens.size() && !tokens.get(at).equals(")") && !tokens.get(at).equals("OR")) {
                p = p.and(or()); // adjacent terms without an operator mean AND, too
            } else {
                return p;
            }
        }
    }

    private Predicate<LogEntry> or() {
        Predicate<LogEntry> p = unary();
        while (accept("OR")) {
            p = p.or(unary());
        }
        return p;
    }

    private Predicate<LogEntry> unary() {
        if (accept("NOT") || accept("-")) {
            return unary().negate();
        }
        if (accept("(")) {
            Predicate<LogEntry> p = and();
            expect(")");
            return p;
        }
        return comparison();
    }

    private Predicate<LogEntry> comparison() {
        String field = next();
        String op = next();
        String value = unquote(next());
        if (field.equals("logName") && op.equals("=")) {
            return e -> e.getLogName().equals(value);
        }
        if (field.equals("resource.type") && op.equals("=")) {
            return e -> e.getResource().getType().equals(value);
        }
        if (field.equals("severity") && op.equals("=")) {
            return e -> e.getSeverity().name().equals(value);
        }
        if (field.startsWith("labels.") && op.equals("=")) {
            String key = unquote(field.substring("labels.".length()));
            return e -> value.equals(e.getLabelsOrDefault(key, null));
        }
        if (field.equals("timestamp")) {
            Instant bound;
            try {
                bound = Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Not an RFC 3339 timestamp: " + value);
            }
            return switch (op) {
                case "=" -> e -> FakeCloudLogging.instant(e.getTimestamp()).equals(bound);
                case ">=" -> e -> !FakeCloudLogging.instant(e.getTimestamp()).isBefore(bound);
                case "<=" -> e -> !FakeCloudLogging.instant(e.getTimestamp()).isAfter(bound);
                case ">" -> e -> FakeCloudLogging.instant(e.getTimestamp()).isAfter(bound);
                case "<" -> e -> FakeCloudLogging.instant(e.getTimestamp()).isBefore(bound);
                default -> throw new IllegalArgumentException("Unsupported operator " + op + " on timestamp");
            };
        }
        throw new IllegalArgumentException("The fake does not understand " + field + op + value);
    }

    private boolean accept(String token) {
        if (at < tokens.size() && tokens.get(at).equals(token)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw new IllegalArgumentException("Expected '" + token + "'");
        }
    }

    private String next() {
        if (at >= tokens.size()) {
            throw new IllegalArgumentException("Filter ends too early");
        }
        return tokens.get(at++);
    }

    private static String unquote(String token) {
        if (token.length() < 2 || !token.startsWith("\"") || !token.endsWith("\"")) {
            return token;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < token.length() - 1; i++) {
            char c = token.charAt(i);
            if (c == '\\' && i + 1 < token.length() - 1) {
                c = token.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Fields (with quoted parts such as {@code labels."a-b"}), operators, quoted strings, parentheses, words. */
    static List<String> tokenize(String filter) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '>' || c == '<' || c == '=' || c == '!' || c == ':') {
                int end = i + 1 < filter.length() && filter.charAt(i + 1) == '=' ? i + 2 : i + 1;
                tokens.add(filter.substring(i, end));
                i = end;
            } else {
                int start = i;
                while (i < filter.length()) {
                    char d = filter.charAt(i);
                    if (d == '"') {
                        i = closingQuote(filter, i) + 1;
                    } else if (Character.isWhitespace(d) || "()<>=!:".indexOf(d) >= 0) {
                        break;
                    } else {
                        i++;
                    }
                }
                tokens.add(filter.substring(start, i));
            }
        }
        return tokens;
    }

    private static int closingQuote(String filter, int open) {
        for (int i = open + 1; i < filter.length(); i++) {
            if (filter.charAt(i) == '\\') {
                i++;
            } else if (filter.charAt(i) == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("Unterminated string in filter: " + filter);
    }
}
