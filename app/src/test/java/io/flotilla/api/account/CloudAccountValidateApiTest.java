package io.flotilla.api.account;

import io.flotilla.provider.aws.MotoIam;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.provider.aws.iam.AwsTarget;
import io.flotilla.provider.aws.iam.IamPolicyDocuments;
import io.flotilla.provider.aws.iam.PolicyDocument;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/v1/cloud-accounts/{name}/validate against moto with IAM authorisation on: the appliance's own
 * user assumes the account's role with the registered external id; a wrong external id and a missing
 * permission each come back as a sentence the admin can act on, and are kept on the account.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudAccountValidateApiTest extends AppTestProperties {
    @RegisterExtension
    static final MotoServer MOTO = MotoServer.withIamAuth();
    @Inject
    @Client("/")
    HttpClient client;

    @Override
    protected Map<String, String> extraProperties() {
        MOTO.startedEndpoint();
        return Map.of(io.flotilla.provider.aws.RecordingInterceptorFactory.PROPERTY, "true",
                "flotilla.aws.endpoint-override", MOTO.endpoint().toString());
    }

    @AfterEach
    void forgetApplianceCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void wrongExternalIdAndMissingPermissionAreReportedClearly() {
        // the role's policies as a real account has them: ongoing and image builds (attached beside it)
        AwsTarget target = AwsTarget.of("any", MotoIam.ACCOUNT, MotoServer.REGION, null, null);
        PolicyDocument ongoing = MotoIam.onAnyResource(new PolicyDocument(java.util.stream.Stream.concat(
                IamPolicyDocuments.ongoing(target).statement().stream(),
                IamPolicyDocuments.imageBuilds(target).statement().stream()).toList()));
        String externalId = "ext-" + UUID.randomUUID();
        MotoIam.CrossAccount setup = MOTO.iam().crossAccount("flotilla-appliance", externalId,
                MotoIam.without(ongoing, "ec2:RunInstances"));
        // the appliance's own credentials (the SDK's default chain reads these system properties first)
        System.setProperty("aws.accessKeyId", setup.appliance().accessKeyId());
        System.setProperty("aws.secretAccessKey", setup.appliance().secretAccessKey());
        MOTO.iam().authOn();
        Api admin = new Api(client, ADMIN_TOKEN);
        register(admin, "right", setup.role().arn(), externalId);
        register(admin, "wrong", setup.role().arn(), "guessed-external-id");

        Api.Reply right = admin.post("/api/v1/cloud-accounts/right/validate", Map.of());
        assertThat(right.status()).as(right.body().toString()).isEqualTo(200);
        assertThat(right.json()).containsEntry("ok", false).containsEntry("missing", List.of("ec2:RunInstances"))
                .containsEntry("message", "Missing permissions: ec2:RunInstances.");
        assertThat(right.json().get("identityArn").toString()).endsWith(":assumed-role/flotilla-appliance/flotilla-appliance");

        Api.Reply wrong = admin.post("/api/v1/cloud-accounts/wrong/validate", Map.of());
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.json()).containsEntry("ok", false);
        assertThat(wrong.json().get("message").toString()).startsWith("Could not assume role " + setup.role().arn())
                .contains("external id").doesNotContain("Exception");

        Map<String, Object> kept = admin.get("/api/v1/cloud-accounts/wrong").json();
        assertThat(kept.get("validation").toString()).contains("ok=false").contains("Could not assume role");
        assertThat(admin.get("/api/v1/audit").body().toString()).contains("cloud_account.validate");
        assertThat(admin.post("/api/v1/cloud-accounts/nope/validate", Map.of()).status()).isEqualTo(404);
    }

    private static void register(Api admin, String name, String roleArn, String externalId) {
        Api.Reply reply = admin.post("/api/v1/cloud-accounts", Map.of("name", name, "provider", "aws", "region", MotoServer.REGION,
                "credentials", Map.of("mode", "assume_role", "roleArn", roleArn, "externalId", externalId)));
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
    }
}
