package io.flotilla.cluster;

import io.flotilla.audit.AuditLog;
import io.flotilla.cluster.tls.CertificateRole;
import io.flotilla.cluster.tls.ClusterCa;
import io.flotilla.cluster.tls.IssuedCertificate;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a user needs to connect straight to the scheduler: its address, the cluster CA, a freshly issued
 * client certificate, and the dashboard link with the cluster's dashboard token. Only for the cluster's
 * creator and workspace admins: the cluster's own view ({@link Cluster#dashboardUrl()}) never carries the token.
 */
@Singleton
public class ConnectionService {
    private final ClusterService clusters;
    private final ClusterPki pki;
    private final AuditLog audit;
    private final ObjectMapper json;

    public ConnectionService(ClusterService clusters, ClusterPki pki, AuditLog audit, ObjectMapper json) {
        this.clusters = clusters;
        this.pki = pki;
        this.audit = audit;
        this.json = json;
    }

    /** Connection material; the key is generated for this call and never stored; the dashboard link holds the token. */
    public record Credentials(String schedulerAddress, @Nullable String dashboardUrl, String caCertPem, String clientCertPem,
                              String clientKeyPem, Map<String, String> versions) {
        @Override
        public String toString() {
            return "Credentials[" + schedulerAddress + ", key and dashboard token hidden]";
        }
    }

    @Transactional
    public Credentials credentials(Caller caller, String workspace, String name) {
        Cluster cluster = clusters.requireControl(caller, workspace, name);
        if (cluster.state() != ClusterState.RUNNING || cluster.schedulerAddress() == null) {
            throw ServiceException.conflict("cluster_not_running", "Cluster '" + name + "' is " + cluster.state().id()
                    + "; credentials are available once it is running.");
        }
        ClusterCa ca = pki.ca(cluster.id());
        IssuedCertificate cert = ca.issue(CertificateRole.CLIENT, caller.username() + "@" + cluster.name(), List.of());
        audit.record(caller, "cluster.credentials", cluster.workspaceId(), name, "client certificate issued");
        return new Credentials(cluster.schedulerAddress(), dashboardLink(cluster), ca.certPem(),
                cert.certPem(), cert.keyPem(), versions(cluster));
    }

    /**
     * The dashboard link with its token, for the console's cluster page; empty while the scheduler has not reported
     * its dashboard. Refused like {@link #credentials} to those who may not control the cluster.
     */
    @Transactional
    public Optional<String> dashboardLink(Caller caller, String workspace, String name) {
        Cluster cluster = clusters.requireControl(caller, workspace, name);
        if (cluster.dashboardUrl() == null || cluster.state() != ClusterState.RUNNING) {
            return Optional.empty();
        }
        audit.record(caller, "cluster.dashboard", cluster.workspaceId(), name, "dashboard link shown");
        return Optional.ofNullable(dashboardLink(cluster));
    }

    /** The reported dashboard address with {@code ?token=}; as reported when the cluster has no token (older schedulers). */
    private @Nullable String dashboardLink(Cluster cluster) {
        if (cluster.dashboardUrl() == null) {
            return null;
        }
        return pki.existingDashboardToken(cluster.id())
                .map(token -> UriBuilder.of(cluster.dashboardUrl()).queryParam("token", token).build().toString())
                .orElse(cluster.dashboardUrl());
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> versions(Cluster cluster) {
        if (cluster.versions() == null) {
            return Map.of();
        }
        try {
            return json.readValue(cluster.versions(), Map.class);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
