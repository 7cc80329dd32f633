package io.flotilla.api.account;

import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/cloud-accounts/{name}/network: the appliance creates a tagged network in the account and uses its subnets. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudAccountNetworkApiTest extends AppTestProperties {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @Inject
    @Client("/")
    HttpClient client;

    @Override
    protected Map<String, String> extraProperties() {
        MOTO.startedEndpoint();
        return Map.of(io.flotilla.provider.aws.RecordingInterceptorFactory.PROPERTY, "true",
                "flotilla.aws.endpoint-override", MOTO.endpoint().toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void createsATaggedNetworkOnceAndUsesItsSubnets() {
        Api admin = new Api(client, ADMIN_TOKEN);
        assertThat(admin.post("/api/v1/cloud-accounts", Map.of("name", "net", "provider", "aws", "region", MotoServer.REGION,
                "credentials", Map.of("mode", "access_keys", "accessKeyId", MotoServer.ACCESS_KEY_ID,
                        "secretAccessKey", MotoServer.SECRET_KEY))).status()).isEqualTo(201);

        assertThat(admin.post("/api/v1/cloud-accounts/net/network", Map.of("cidr", "10.64.0.0/30")).status())
                .as("a range too small for a subnet per zone").isEqualTo(400);
        Api.Reply created = admin.post("/api/v1/cloud-accounts/net/network", Map.of());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        List<String> subnets = (List<String>) created.json().get("subnetIds");
        Ec2Client ec2 = MOTO.clients().ec2(MotoServer.REGION);
        List<Subnet> described = ec2.describeSubnets(b -> b.subnetIds(subnets)).subnets();
        assertThat(described).hasSize(subnets.size()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(described).extracting(Subnet::availabilityZone).doesNotHaveDuplicates();
        assertThat(described).allSatisfy(s -> assertThat(s.tags()).anySatisfy(t -> assertThat(t.key()).isEqualTo(ResourceTags.APPLIANCE)));

        Api.Reply again = admin.post("/api/v1/cloud-accounts/net/network", Map.of());
        assertThat(again.json().get("subnetIds")).as("a second call finds the same network").isEqualTo(subnets);
        assertThat(admin.get("/api/v1/cloud-accounts/net").json().get("subnetIds")).isEqualTo(subnets);
    }
}
