package io.flotilla.logs.gcp;

import com.google.api.gax.core.CredentialsProvider;
import io.flotilla.cluster.Cluster;

/**
 * Which Google Cloud project holds a cluster's logs and with which credentials the appliance reads them
 * (the cluster's cloud account: its project and the appliance's own, impersonated or key credentials).
 */
public interface CloudLoggingTarget {
    /** The project id the cluster's instances write their logs to, e.g. {@code my-project}. */
    String project(Cluster cluster);

    /** Credentials with {@code logging.logEntries.list} on {@link #project}. */
    CredentialsProvider credentials(Cluster cluster);
}
