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
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

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
        return cached(Ec2Client.class, Ec2Client::builder, region, credentials);
    }

    /** SSM in the region with the given credentials. */
    public SsmClient ssm(String region, AwsCredentialsProvider credentials) {
        return cached(SsmClient.class, SsmClient::builder, region, credentials);
    }

    /** STS in the region with the given credentials (assuming roles, checking identity). */
    public StsClient sts(String region, AwsCredentialsProvider credentials) {
        return cached(StsClient.class, StsClient::builder, region, credentials);
    }

    /** CloudWatch Logs in the region with the given credentials (cluster log groups, log queries). */
    public CloudWatchLogsClient logs(String region, AwsCredentialsProvider credentials) {
        return cached(CloudWatchLogsClient.class, CloudWatchLogsClient::builder, region, credentials);
    }

    /** ECR (software environment images) in the region with the given credentials. */
    public EcrClient ecr(String region, AwsCredentialsProvider credentials) {
        return cached(EcrClient.class, EcrClient::builder, region, credentials);
    }

    /** CodeBuild (software environment image builds) in the region with the given credentials. */
    public CodeBuildClient codebuild(String region, AwsCredentialsProvider credentials) {
        return cached(CodeBuildClient.class, CodeBuildClient::builder, region, credentials);
    }

    /** S3 (package-sync wheels in Flotilla's own bucket) in the region; path-style addressing under an endpoint override. */
    public S3Client s3(String region, AwsCredentialsProvider credentials) {
        return cached(S3Client.class, () -> S3Client.builder().forcePathStyle(endpointOverride != null), region, credentials);
    }

    /** Presigns S3 requests (short-lived wheel links) for the region and credentials; close it after use. */
    public S3Presigner s3Presigner(String region, AwsCredentialsProvider credentials) {
        S3Presigner.Builder builder = S3Presigner.builder().region(Region.of(region)).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(endpointOverride != null).build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder.build();
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

    /** The client of this type for the region and credentials, built on first use and kept. */
    private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C>> C cached(Class<C> type, Supplier<B> builder,
                                                                                String region, AwsCredentialsProvider credentials) {
        return type.cast(clients.computeIfAbsent(new ClientKey(type, region, credentials),
                k -> configure(builder.get(), region, credentials).build()));
    }

    private record ClientKey(Class<?> type, String region, AwsCredentialsProvider credentials) {
    }

    @PreDestroy
    public void close() {
        clients.values().forEach(SdkAutoCloseable::close);
        clients.clear();
    }
}
