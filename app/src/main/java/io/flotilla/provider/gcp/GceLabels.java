package io.flotilla.provider.gcp;

import io.flotilla.provider.ResourceTags;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Flotilla's tags as Compute Engine labels and names. Label keys and values are lowercase {@code [a-z0-9_-]}, at
 * most 63 characters, keys start with a letter: {@code flotilla:cluster} becomes {@code flotilla-cluster}, and a
 * value is lowercased with other characters replaced by {@code -} (so a workspace {@code Team.A} is labelled
 * {@code team-a}; filters are sanitized the same way). Resource names match {@code [a-z]([-a-z0-9]*[a-z0-9])?}.
 */
public final class GceLabels {
    /** Longest label key, label value or resource name. */
    public static final int MAX_LENGTH = 63;
    private static final Map<String, String> KNOWN_KEYS = List.of(ResourceTags.APPLIANCE, ResourceTags.WORKSPACE,
            ResourceTags.CLUSTER, ResourceTags.ROLE, ResourceTags.INSTANCE).stream()
            .collect(Collectors.toMap(GceLabels::key, tag -> tag));

    private GceLabels() {
    }

    /** The label key of a tag key, e.g. {@code flotilla-cluster}. */
    public static String key(String tagKey) {
        String key = clean(tagKey);
        if (key.isEmpty() || !Character.isLetter(key.charAt(0))) {
            key = "x-" + key;
        }
        return truncate(key);
    }

    /** The label value of a tag value. */
    public static String value(String tagValue) {
        return truncate(clean(tagValue == null ? "" : tagValue));
    }

    /** Tags as labels. */
    public static Map<String, String> labels(Map<String, String> tags) {
        Map<String, String> labels = new TreeMap<>();
        tags.forEach((k, v) -> labels.put(key(k), value(v)));
        return labels;
    }

    /** Labels as tags: Flotilla's label keys become {@link ResourceTags} keys again, others stay. */
    public static Map<String, String> tags(Map<String, String> labels) {
        Map<String, String> tags = new TreeMap<>();
        labels.forEach((k, v) -> tags.put(KNOWN_KEYS.getOrDefault(k, k), v));
        return tags;
    }

    /** A list filter matching resources that carry all the tags, e.g. {@code labels.flotilla-cluster = "c1" AND …}. */
    public static String filter(Map<String, String> tags) {
        return labels(tags).entrySet().stream()
                .map(e -> "labels." + e.getKey() + " = \"" + e.getValue() + "\"")
                .collect(Collectors.joining(" AND "));
    }

    /**
     * A valid resource name from readable parts and a stable hash of the key: {@code <prefix>-<readable>-<hash12>}.
     * The same key always gives the same name.
     */
    public static String name(String prefix, String readable, String key) {
        String hash = HexFormat.of().formatHex(sha256(key)).substring(0, 12);
        String middle = clean(readable).replaceAll("-{2,}", "-").replaceAll("^[-_]+|[-_]+$", "").replace('_', '-');
        int room = MAX_LENGTH - prefix.length() - hash.length() - 2;
        if (middle.length() > room) {
            middle = middle.substring(0, room).replaceAll("-+$", "");
        }
        return middle.isEmpty() ? prefix + "-" + hash : prefix + "-" + middle + "-" + hash;
    }

    /** A name-based UUID of the key, e.g. an insert's {@code requestId}: the same key always gives the same id. */
    public static String requestId(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String clean(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    }

    private static String truncate(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
