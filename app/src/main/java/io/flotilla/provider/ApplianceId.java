package io.flotilla.provider;

/**
 * The id of this installation (shared by its replicas), written into the tags of everything it creates: a plain
 * value, resolved once at start (see {@code io.flotilla.db.ApplianceIdResolver}).
 *
 * @param value the id (a UUID in canonical form in an installation)
 */
public record ApplianceId(String value) {
    public ApplianceId {
        java.util.Objects.requireNonNull(value, "appliance id");
    }

    @Override
    public String toString() {
        return value;
    }
}
