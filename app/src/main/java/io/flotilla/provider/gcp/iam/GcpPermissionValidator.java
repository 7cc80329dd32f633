package io.flotilla.provider.gcp.iam;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.auth.ServiceAccountSigner;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.iam.v1.TestIamPermissionsRequest;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks what a project's credentials may do, without changing anything: Cloud Resource Manager's
 * {@code projects.testIamPermissions} with every permission of the ongoing role (the call itself needs no
 * permission). Google's answer names the permissions the caller holds on the project; the others are missing.
 * {@code iam.serviceAccounts.actAs} is granted on the worker service account, not the project, so a test on the
 * project cannot show it; it is listed as untested.
 */
@Singleton
public class GcpPermissionValidator {
    /** Where Cloud Resource Manager is reached; {@code flotilla.gcp.resource-manager-endpoint} overrides it (tests). */
    public static final String DEFAULT_ENDPOINT = "cloudresourcemanager.googleapis.com:443";
    static final String API = "Cloud Resource Manager API";
    static final String SERVICE = "cloudresourcemanager.googleapis.com";
    /** Permissions per testIamPermissions call: Google's limit for one request. */
    static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(GcpPermissionValidator.class);
    private final String endpoint;
    private final Clock clock;

    @Inject
    public GcpPermissionValidator(@Value("${flotilla.gcp.resource-manager-endpoint:" + DEFAULT_ENDPOINT + "}") String endpoint,
                                  Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** Tests the ongoing role's permissions on {@code projectId} with {@code credentials}; never throws for Google's answers. */
    public GcpValidationReport validate(CredentialsProvider credentials, String projectId) {
        Instant checkedAt = clock.instant();
        String identity = identity(credentials);
        List<String> wanted = GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE);
        Set<String> granted = new HashSet<>();
        try (ProjectsClient client = ProjectsClient.create(settings(credentials))) {
            for (int from = 0; from < wanted.size(); from += BATCH) {
                List<String> batch = wanted.subList(from, Math.min(wanted.size(), from + BATCH));
                granted.addAll(client.testIamPermissions(TestIamPermissionsRequest.newBuilder()
                        .setResource("projects/" + projectId).addAllPermissions(batch).build()).getPermissionsList());
            }
        } catch (ApiException e) {
            return failed(checkedAt, identity, projectId, GoogleAnswers.describe(e, API, SERVICE, projectId));
        } catch (IOException | RuntimeException e) {
            return failed(checkedAt, identity, projectId, "The credentials could not be used to ask Google: " + e.getMessage());
        }
        List<GcpValidationReport.Check> checks = new ArrayList<>();
        for (String permission : wanted) {
            boolean ok = granted.contains(permission);
            checks.add(new GcpValidationReport.Check(permission, ok, ok ? "Granted on project " + projectId + "."
                    : "Not granted on project " + projectId + ": add it to the appliance's role."));
        }
        List<String> missing = checks.stream().filter(c -> !c.ok()).map(GcpValidationReport.Check::permission).sorted().toList();
        if (!missing.isEmpty()) {
            LOG.info("Permission check of GCP project {} as {}: missing {}", projectId, identity, missing);
        }
        return new GcpValidationReport(missing.isEmpty(), checkedAt, identity, projectId, null, checks, missing, untested());
    }

    /** The permissions granted elsewhere than on the project, which testIamPermissions on it cannot confirm. */
    public static List<GcpValidationReport.Untested> untested() {
        return GcpPermissionManifest.of(GcpGrant.WORKER_SERVICE_ACCOUNT).stream()
                .map(p -> new GcpValidationReport.Untested(p.permission(), "Granted on the worker service account only"
                        + " (roles/iam.serviceAccountUser on it), not on the project; a VM insert that may not attach it fails"
                        + " naming it."))
                .toList();
    }

    private ProjectsSettings settings(CredentialsProvider credentials) throws IOException {
        return ProjectsSettings.newHttpJsonBuilder().setEndpoint(endpoint).setCredentialsProvider(credentials).build();
    }

    /** The service account email the credentials act as, when they can say without a network call failing. */
    @Nullable
    static String identity(CredentialsProvider provider) {
        try {
            return provider.getCredentials() instanceof ServiceAccountSigner signer ? signer.getAccount() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static GcpValidationReport failed(Instant checkedAt, @Nullable String identity, String projectId, String error) {
        return new GcpValidationReport(false, checkedAt, identity, projectId, error, List.of(), List.of(), untested());
    }
}
