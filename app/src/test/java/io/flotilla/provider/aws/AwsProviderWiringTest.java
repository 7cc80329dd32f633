package io.flotilla.provider.aws;

import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.ComputeProvider;
import io.flotilla.provider.ProviderRegistry;
import io.flotilla.provider.ResourceTags;
import io.flotilla.testing.AppTestProperties;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** flotilla.aws.enabled=true registers the EC2 provider, configured from flotilla.aws.*, talking to EC2 (moto). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsProviderWiringTest extends AppTestProperties {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @Inject
    ProviderRegistry registry;
    @Inject
    AwsProviderConfig config;
    @Inject
    ApplianceId applianceId;

    @Override
    protected Map<String, String> extraProperties() {
        MOTO.startedEndpoint();
        // the SDK's default credential chain reads these system properties first
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        return Map.of("flotilla.aws.enabled", "true", "flotilla.aws.region", MotoServer.REGION,
                "flotilla.aws.endpoint-override", MOTO.endpoint().toString(),
                "flotilla.aws.subnet-ids", "subnet-a,subnet-b", "flotilla.aws.spot-policy", "spot_with_fallback",
                "flotilla.aws.build.service-role-arn", "arn:aws:iam::123456789012:role/flotilla-build",
                "flotilla.aws.build.timeout", "45m");
    }

    @AfterAll
    void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Inject
    List<io.flotilla.environment.builder.ImageBuilder> builders;
    @Inject
    io.flotilla.provider.aws.imagebuild.AwsBuildConfig buildConfig;

    @Inject
    AwsAccounts accounts;

    @Test
    void anImageBuildsAccountIsTheDefaultOneForNoCloudAccountAndRefusedForAnUnknownOne() {
        AwsAccountContext account = accounts.forAccount(null);
        assertThat(account.key()).isEqualTo(AwsAccountContext.DEFAULT_KEY);
        assertThat(account.region()).isEqualTo(MotoServer.REGION);
        assertThat(account.subnetIds()).containsExactly("subnet-a", "subnet-b");
        java.util.UUID unknown = java.util.UUID.randomUUID();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.forAccount(unknown))
                .isInstanceOf(io.flotilla.error.ServiceException.class).hasMessageContaining(unknown.toString())
                .hasMessageContaining("no longer exists");
    }

    @Test
    void theAwsImageBuilderIsABeanConfiguredFromFlotillaAwsBuild() {
        assertThat(builders).filteredOn(b -> b.id().equals("aws")).singleElement()
                .isInstanceOf(io.flotilla.provider.aws.imagebuild.AwsImageBuilder.class);
        assertThat(buildConfig.getServiceRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/flotilla-build");
        assertThat(buildConfig.getTimeout()).isEqualTo(java.time.Duration.ofMinutes(45));
        assertThat(buildConfig.getBaseImage()).isEqualTo("public.ecr.aws/docker/library/python:{python}-slim-bookworm");
    }

    @Test
    void registersTheAwsProviderConfiguredFromProperties() {
        ComputeProvider aws = registry.get("aws");
        assertThat(aws).isInstanceOf(Ec2ComputeProvider.class);
        assertThat(aws.capabilities().spot()).isTrue();
        assertThat(config.getSubnetIds()).containsExactly("subnet-a", "subnet-b");
        assertThat(config.getSecurityGroupIds()).isEmpty();
        assertThat(config.getImageSsmParameter()).isEqualTo(AwsProviderConfig.AL2023_X86_64_PARAMETER);
        assertThat(aws.list(Map.of(ResourceTags.APPLIANCE, applianceId.value()))).isEmpty();
        aws.terminate(List.of("i-0123456789abcdef0"));
    }
}
