package io.flotilla.secrets;

import java.util.Map;
import java.util.Optional;

/**
 * Where Flotilla keeps secrets: workspace secrets, cluster CA keys, cloud credentials. One
 * implementation is active per appliance: HashiCorp Vault (KV v2) when {@code flotilla.vault.addr} is
 * set, else the embedded encrypted store.
 *
 * <p>Paths are relative and made of segments separated by {@code /}, for example
 * {@code workspaces/<id>/secrets/<name>} or {@code clusters/<id>/ca} (see {@link SecretPaths}). When the
 * backing store cannot be reached or is sealed, every method throws a
 * {@link io.flotilla.error.ServiceException} of kind {@code UNAVAILABLE} with code
 * {@code secret_store_unavailable} or {@code secret_store_sealed} and a sentence an operator can act on.
 * Implementations never log or put secret values into exception messages.
 */
public interface SecretStore {

    /**
     * Creates or replaces the secret at {@code path} with {@code data} (all of it: keys missing from
     * {@code data} are gone afterwards).
     *
     * @param path relative path, validated by {@link SecretPaths#require(String)}
     * @param data the key/value pairs to keep secret; neither keys nor values may be null
     */
    void put(String path, Map<String, String> data);

    /**
     * Reads the secret at {@code path}.
     *
     * @return the key/value pairs, or empty when nothing is stored there
     */
    Optional<Map<String, String>> get(String path);

    /** Removes the secret at {@code path} with all its versions; does nothing when there is none. */
    void delete(String path);

    /** Whether the store can be used right now, and why not; never throws. */
    Health health();

    /** A short, secret-free description of the store for logs, e.g. "Vault at https://vault:8200". */
    String describe();

    /** Returns {@code data} if it is a map without null keys or values, else throws {@link IllegalArgumentException}. */
    static Map<String, String> requireData(Map<String, String> data) {
        if (data == null || data.keySet().stream().anyMatch(java.util.Objects::isNull)
                || data.values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("Secret data must be a map without null keys or values.");
        }
        return data;
    }

    /** The state of the store as reported by {@link #health()}. */
    record Health(Status status, String reason) {
        /** UP: reads and writes work. DOWN: they fail, see the reason. */
        public enum Status { UP, DOWN }

        public static Health up(String reason) {
            return new Health(Status.UP, reason);
        }

        public static Health down(String reason) {
            return new Health(Status.DOWN, reason);
        }

        public boolean isUp() {
            return status == Status.UP;
        }
    }
}
