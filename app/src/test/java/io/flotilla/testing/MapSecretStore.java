package io.flotilla.testing;

import io.flotilla.secrets.SecretStore;

import java.util.Map;
import java.util.Optional;

/** A secret store in a map, for unit tests of code that keeps something in the store. */
public record MapSecretStore(Map<String, Map<String, String>> data) implements SecretStore {
    @Override
    public void put(String path, Map<String, String> values) {
        data.put(path, Map.copyOf(values));
    }

    @Override
    public Optional<Map<String, String>> get(String path) {
        return Optional.ofNullable(data.get(path));
    }

    @Override
    public void delete(String path) {
        data.remove(path);
    }

    @Override
    public Health health() {
        return Health.up("map");
    }

    @Override
    public String describe() {
        return "map";
    }
}
