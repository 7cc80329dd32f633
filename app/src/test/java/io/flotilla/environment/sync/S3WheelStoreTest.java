package io.flotilla.environment.sync;

import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.builder.WheelSource;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.aws.AwsProviderConfig;
import io.flotilla.provider.aws.MotoIam;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.provider.aws.RecordingInterceptor;
import io.flotilla.provider.aws.iam.AwsTarget;
import io.flotilla.provider.aws.iam.IamPolicyDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 wheel store against moto with IAM checks on: the appliance, holding the ongoing policy, stores wheels in
 * Flotilla's own bucket (public access blocked) and hands out presigned links that work; anonymous readers and
 * identities without Flotilla's policy are refused.
 */
class S3WheelStoreTest {
    @RegisterExtension
    static final MotoServer MOTO = MotoServer.withIamAuth();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    private static final String BUCKET = "flotilla-wheels-test";
    private static final byte[] WHEEL = "PK\u0003\u0004 the wheel".getBytes(StandardCharsets.ISO_8859_1);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void flush() {
        RECORDER.flush();
    }

    private static S3WheelStore store(AwsClients clients) {
        PackageSyncConfig config = new PackageSyncConfig();
        config.setWheelStore("s3");
        config.setS3Bucket(BUCKET);
        config.setMaxWheelBytes(1000);
        AwsProviderConfig aws = new AwsProviderConfig();
        aws.setRegion(MotoServer.REGION);
        return new S3WheelStore(clients, config, aws);
    }

    @Test
    void theApplianceStoresReadsAndLinksWheelsThatNobodyElseCanRead() throws Exception {
        MotoIam iam = MOTO.iam();
        var policy = MotoIam.onAnyResource(IamPolicyDocuments.ongoing(AwsTarget.of("appliance-1", MotoIam.ACCOUNT, MotoServer.REGION, null, null)));
        MotoIam.User appliance = iam.createUser("flotilla-appliance", policy);
        MotoIam.User analyst = iam.createUser("someone-else", MotoIam.allow(List.of("ec2:DescribeInstances")));
        iam.authOn();

        S3WheelStore store = store(MOTO.clients(appliance.credentials(), RECORDER));
        UUID workspace = UUID.randomUUID();
        String sha = WheelStore.sha256(WHEEL);
        WheelRef ref = store.put(workspace, WheelFileName.parse("my_lib-0.1.0-py3-none-any.whl"), sha, WHEEL);
        assertThat(ref).isEqualTo(new WheelRef("my_lib-0.1.0-py3-none-any.whl", sha));
        assertThat(store.put(workspace, WheelFileName.parse("my_lib-0.1.0-py3-none-any.whl"), sha, WHEEL)).as("idempotent").isEqualTo(ref);
        assertThat(store.exists(workspace, ref)).isTrue();
        assertThat(store.exists(UUID.randomUUID(), ref)).as("another workspace's wheels are its own").isFalse();

        WheelSource source = new StoredWheels(store);
        try (InputStream in = source.open(ref)) {
            assertThat(in.readAllBytes()).isEqualTo(WHEEL);
        }
        S3Client other = MOTO.clients(analyst.credentials()).s3(MotoServer.REGION, analyst.credentials());
        assertThatThrownBy(() -> other.getObjectAsBytes(b -> b.bucket(BUCKET).key(S3WheelStore.key(sha, ref.filename()))))
                .as("an identity without Flotilla's policy").isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));

        iam.authOff(); // moto checks IAM only on header-signed requests, not on presigned ones
        String link = source.link(ref, Duration.ofMinutes(10));
        assertThat(link).contains(BUCKET, "wheels/" + sha + "/my_lib-0.1.0-py3-none-any.whl", "X-Amz-Expires=600");
        HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(WHEEL);
        assertThat(source.link(ref, Duration.ofDays(7))).as("links never outlive max-link-validity").contains("X-Amz-Expires=3600");

        String plain = MOTO.endpoint() + "/" + BUCKET + "/" + S3WheelStore.key(sha, ref.filename());
        assertThat(http.send(HttpRequest.newBuilder(URI.create(plain)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("no anonymous reads").isEqualTo(403);
        var block = MOTO.clients().s3(MotoServer.REGION, MOTO.clients().defaultCredentials())
                .getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(), block.restrictPublicBuckets()))
                .containsOnly(true);
    }

    @Test
    void aWheelWhoseBytesDoNotMatchItsHashOrThatIsTooLargeIsNotStored() {
        S3WheelStore store = store(MOTO.clients(RECORDER));
        UUID workspace = UUID.randomUUID();
        WheelFileName name = WheelFileName.parse("my_lib-0.1.0-py3-none-any.whl");
        assertThatThrownBy(() -> store.put(workspace, name, "0".repeat(64), WHEEL))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo("content_hash_mismatch"));
        byte[] large = new byte[1001];
        assertThatThrownBy(() -> store.put(workspace, name, WheelStore.sha256(large), large))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.code()).isEqualTo("wheel_too_large"));
        assertThat(store.exists(workspace, new WheelRef(name.filename(), "0".repeat(64)))).isFalse();
    }

    @Test
    void aBucketOutsideFlotillasPrefixIsRefusedAtStartUp() {
        PackageSyncConfig config = new PackageSyncConfig();
        config.setS3Bucket("customer-data");
        AwsProviderConfig aws = new AwsProviderConfig();
        aws.setRegion(MotoServer.REGION);
        assertThatThrownBy(() -> new S3WheelStore(MOTO.clients(), config, aws)).hasMessageContaining("flotilla-");
    }
}
