package io.flotilla.provider.aws;

import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds (and keeps) the AWS SDK clients for a region and a set of credentials. The provider asks it for
 * clients instead of building them, so that credentials from an assumed role (cloud accounts) replace the
 * default chain without touching the provider. Clients use the SDK's standard retry mode with backoff.
 */
@Singleton
public class AwsClients {
    private final URI endpointOverride;
    private final List<ExecutionInterceptor> interceptors;
    private final AwsCredentialsProvider defaultCredentials;
    private final Map<ClientKey, SdkAutoCloseable> clients = new ConcurrentHashMap<>();

    /**
     * @param interceptors SDK interceptors registered as beans (none in production; tests add fault injection)
     */
    @Inject
    public AwsClients(AwsProviderConfig config, List<ExecutionInterceptor> interceptors) {
        this(config.getEndpointOverride(), DefaultCredentialsProvider.builder().build(), interceptors);
    }

    /**
     * @param endpointOverride   endpoint replacing AWS's (tests), or null
     * @param defaultCredentials credentials of {@link #ec2(String)} and {@link #ssm(String)}
     * @param interceptors       SDK interceptors added to every client (tests record or rewrite calls)
     */
    public AwsClients(@Nullable URI endpointOverride, AwsCredentialsProvider defaultCredentials,
                      List<ExecutionInterceptor> interceptors) {
        this.endpointOverride = endpointOverride;
        this.defaultCredentials = defaultCredentials;
        this.interceptors = List.copyOf(interceptors);
    }

    /** The appliance's own credentials (the SDK's default chain: instance role, environment, profile). */
    public AwsCredentialsProvider defaultCredentials() {
        return defaultCredentials;
    }

    /** The endpoint replacing AWS's, or null. */
    @Nullable
    public URI endpointOverride() {
        return endpointOverride;
    }

    /** EC2 in the region with the appliance's own credentials. */
    public Ec2Client ec2(String region) {
        return ec2(region, defaultCredentials);
    }

    /** SSM in the region with the appliance's own credentials. */
    public SsmClient ssm(String region) {
        return ssm(region, defaultCredentials);
    }

    /** EC2 in the region with the given credentials (e.g. a cloud account's assumed role). */
    public Ec2Client ec2(String region, AwsCredentialsProvider credentials) {
        return (Ec2Client) clients.computeIfAbsent(key("ec2", region, credentials),
                k -> configure(Ec2Client.builder(), region, credentials).build());
    }

    /** SSM in the region with the given credentials. */
    public SsmClient ssm(String region, AwsCredentialsProvider credentials) {
        return (SsmClient) clients.computeIfAbsent(key("ssm", region, credentials),
                k -> configure(SsmClient.builder(), region, credentials).build());
    }

    /** STS in the region with the given credentials (assuming roles, checking identity). */
    public StsClient sts(String region, AwsCredentialsProvider credentials) {
        return (StsClient) clients.computeIfAbsent(key("sts", region, credentials),
                k -> configure(StsClient.builder(), region, credentials).build());
    }

    /** CloudWatch Logs in the region with the given credentials (cluster log groups, log queries). */
    public CloudWatchLogsClient logs(String region, AwsCredentialsProvider credentials) {
        return (CloudWatchLogsClient) clients.computeIfAbsent(key("logs", region, credentials),
                k -> configure(CloudWatchLogsClient.builder(), region, credentials).build());
    }

    /** ECR (software environment images) in the region with the given credentials. */
    public EcrClient ecr(String region, AwsCredentialsProvider credentials) {
        return (EcrClient) clients.computeIfAbsent(key("ecr", region, credentials),
                k -> configure(EcrClient.builder(), region, credentials).build());
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region, AwsCredentialsProvider credentials) {
        builder.region(Region.of(region)).credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .executionInterceptors(interceptors)
                        .build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }

    private static ClientKey key(String service, String region, AwsCredentialsProvider credentials) {
        return new ClientKey(service, region, credentials);
    }

    private record ClientKey(String service, String region, AwsCredentialsProvider credentials) {
    }

    @PreDestroy
    public void close() {
        clients.values().forEach(SdkAutoCloseable::close);
        clients.clear();
    }
}
