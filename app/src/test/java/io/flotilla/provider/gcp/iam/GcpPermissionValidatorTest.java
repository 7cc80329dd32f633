package io.flotilla.provider.gcp.iam;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.auth.oauth2.ServiceAccountCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator against a fake Cloud Resource Manager with the real v3 client (HTTP/JSON transport). */
class GcpPermissionValidatorTest {
    private static final String PROJECT = "data-prod-1";
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private FakeResourceManager google;
    private GcpPermissionValidator validator;

    @BeforeEach
    void start() throws Exception {
        google = new FakeResourceManager();
        validator = new GcpPermissionValidator(google.endpoint(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void everyPermissionGrantedIsOk() {
        google.granted.addAll(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        GcpValidationReport report = validator.validate(NoCredentialsProvider.create(), PROJECT);
        assertThat(report.error()).isNull();
        assertThat(report.ok()).isTrue();
        assertThat(report.missing()).isEmpty();
        assertThat(report.checkedAt()).isEqualTo(NOW);
        assertThat(report.checks()).extracting(GcpValidationReport.Check::permission)
                .containsExactlyElementsOf(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        assertThat(report.untested()).extracting(GcpValidationReport.Untested::permission).containsExactly("iam.serviceAccounts.actAs");
        assertThat(google.requests).containsOnly("POST /v3/projects/" + PROJECT + ":testIamPermissions");
    }

    @Test
    void eachPermissionGoogleDoesNotConfirmIsNamed() {
        google.granted.addAll(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
        google.granted.removeAll(List.of("compute.instances.delete", "compute.networks.updatePolicy"));
        GcpValidationReport report = validator.validate(NoCredentialsProvider.create(), PROJECT);
        assertThat(report.ok()).isFalse();
        assertThat(report.error()).isNull();
        assertThat(report.missing()).containsExactly("compute.instances.delete", "compute.networks.updatePolicy");
        assertThat(report.checks()).filteredOn(c -> !c.ok()).extracting(GcpValidationReport.Check::detail)
                .allMatch(d -> d.equals("Not granted on project " + PROJECT + ": add it to the appliance's role."));
    }

    @Test
    void nothingGrantedMeansEveryPermissionIsMissing() {
        GcpValidationReport report = validator.validate(NoCredentialsProvider.create(), PROJECT);
        assertThat(report.missing()).containsExactlyElementsOf(GcpPermissionManifest.permissions(GcpGrant.ONGOING_ROLE));
    }

    @Test
    void aDisabledApiIsOneClearSentence() {
        google.disabled = true;
        GcpValidationReport report = validator.validate(NoCredentialsProvider.create(), PROJECT);
        assertThat(report.ok()).isFalse();
        assertThat(report.checks()).isEmpty();
        assertThat(report.error()).startsWith("The Cloud Resource Manager API is not enabled in project " + PROJECT
                        + ": enable it with gcloud services enable cloudresourcemanager.googleapis.com --project=" + PROJECT)
                .contains("has not been used in project 123456789");
    }

    @Test
    void anUnreachableEndpointIsReportedNotThrown() {
        String endpoint = google.endpoint();
        google.close();
        GcpValidationReport report = new GcpPermissionValidator(endpoint, Clock.systemUTC())
                .validate(NoCredentialsProvider.create(), PROJECT);
        assertThat(report.ok()).isFalse();
        assertThat(report.error()).isNotBlank();
    }

    @Test
    void serviceAccountCredentialsNameTheIdentityAndAuthorizeTheCall() throws Exception {
        google.granted.add("compute.instances.get");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        ServiceAccountCredentials credentials = ServiceAccountCredentials.newBuilder()
                .setClientEmail("flotilla-appliance@ops-project.iam.gserviceaccount.com")
                .setPrivateKey(generator.generateKeyPair().getPrivate()).setPrivateKeyId("k1")
                .setTokenServerUri(URI.create(google.endpoint() + "/token"))
                .setScopes(List.of("https://www.googleapis.com/auth/cloud-platform")).build();
        GcpValidationReport report = validator.validate(FixedCredentialsProvider.create(credentials), PROJECT);
        assertThat(report.identity()).isEqualTo("flotilla-appliance@ops-project.iam.gserviceaccount.com");
        assertThat(report.error()).isNull();
        assertThat(report.missing()).doesNotContain("compute.instances.get").contains("compute.instances.create");
        assertThat(google.authorizations).containsOnly("Bearer " + FakeResourceManager.TOKEN);
    }
}
