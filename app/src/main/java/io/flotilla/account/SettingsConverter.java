package io.flotilla.account;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** Stores a cloud account's provider settings as a JSON object of strings (column {@code settings}). */
@Singleton
public class SettingsConverter implements AttributeConverter<Map<String, String>, String> {
    private static final Argument<Map<String, String>> TYPE = Argument.mapOf(String.class, String.class);
    private final JsonMapper json;

    public SettingsConverter(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String convertToPersistedValue(Map<String, String> settings, ConversionContext context) {
        try {
            return json.writeValueAsString(settings == null ? Map.of() : new TreeMap<>(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> convertToEntityValue(String stored, ConversionContext context) {
        if (stored == null || stored.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(stored, TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable cloud account settings", e);
        }
    }
}
