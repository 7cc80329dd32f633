package io.flotilla.environment;

import io.flotilla.environment.builder.PackageIndex;
import io.micronaut.core.annotation.Nullable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Replaces a build's secrets (the private index password, also URL-encoded) with {@code ****} in text it shows. */
public final class SecretMask {
    static final String HIDDEN = "****";
    private final List<String> secrets;

    private SecretMask(List<String> secrets) {
        this.secrets = secrets;
    }

    public static SecretMask of(@Nullable PackageIndex index) {
        List<String> secrets = new ArrayList<>();
        if (index != null && index.password() != null && !index.password().isEmpty()) {
            secrets.add(index.password());
            secrets.add(URLEncoder.encode(index.password(), StandardCharsets.UTF_8));
            secrets.add(URLEncoder.encode(index.password(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMask(List.copyOf(secrets));
    }

    public String apply(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, HIDDEN);
        }
        return masked;
    }
}
