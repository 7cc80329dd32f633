package io.flotilla.cluster;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads and writes the JSON spec stored with a cluster. */
public final class ClusterSpecView {
    private static final ObjectMapper JSON = ObjectMapper.getDefault();

    private ClusterSpecView() {
    }

    public static ClusterSpec of(Cluster cluster) {
        try {
            return JSON.readValue(cluster.spec(), ClusterSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable spec of cluster " + cluster.id(), e);
        }
    }

    public static String write(ClusterSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
