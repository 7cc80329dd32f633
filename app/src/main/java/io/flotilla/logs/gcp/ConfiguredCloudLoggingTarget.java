package io.flotilla.logs.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.cloud.logging.v2.LoggingSettings;
import io.flotilla.cluster.Cluster;
import io.flotilla.error.ServiceException;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The appliance-wide {@link CloudLoggingTarget} until cloud accounts of provider {@code gcp} supply one per
 * account: the project from {@code flotilla.gcp.project}, the appliance's application-default credentials
 * (its service account on GCE/GKE, {@code GOOGLE_APPLICATION_CREDENTIALS} elsewhere) with the logging scopes.
 */
@Singleton
@Secondary
public class ConfiguredCloudLoggingTarget implements CloudLoggingTarget {
    private final String project;

    public ConfiguredCloudLoggingTarget(@Property(name = "flotilla.gcp.project") @Nullable String project) {
        this.project = project == null || project.isBlank() ? null : project;
    }

    @Override
    public String project(Cluster cluster) {
        if (project == null) {
            throw ServiceException.unavailable("logs_unavailable", "No Google Cloud project is configured for the logs of cluster "
                    + cluster.name() + " (flotilla.gcp.project).", null);
        }
        return project;
    }

    @Override
    public CredentialsProvider credentials(Cluster cluster) {
        return LoggingSettings.defaultCredentialsProviderBuilder().build();
    }
}
