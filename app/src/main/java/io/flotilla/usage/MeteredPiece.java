package io.flotilla.usage;

import java.time.LocalDate;
import java.util.UUID;

/** The metered seconds of the instances of one cluster, type and purchase option on one UTC day. */
record MeteredPiece(LocalDate day, UUID ownerId, String username, UUID clusterId, String clusterName, String provider,
                    String region, String instanceType, String purchase, double seconds, double vcpuSeconds,
                    double gpuSeconds) {
}
