package io.flotilla.provider.aws;

import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The three ways the appliance gets credentials in a cloud account: its own (instance role, via the SDK's
 * default chain), a role of another account assumed with an external id (refreshed by the SDK before it
 * expires), or long-lived access keys (supported, discouraged).
 */
@Singleton
public class AwsCredentialSources {
    /** Session name in the assumed role's CloudTrail entries. */
    public static final String SESSION_NAME = "flotilla-appliance";
    private final AwsClients clients;

    public AwsCredentialSources(AwsClients clients) {
        this.clients = clients;
    }

    /** The appliance's own credentials (instance role in production). */
    public AwsCredentialsProvider instanceRole() {
        return clients.defaultCredentials();
    }

    /**
     * Credentials of {@code roleArn}, assumed with the appliance's own credentials and the external id; the
     * first call to AWS fails with STS's error when the trust policy refuses (wrong external id). The provider is an
     * {@link AssumedRoleCredentials}, which names its role.
     */
    public AwsCredentialsProvider assumeRole(String roleArn, String externalId, String region) {
        return new AssumedRoleCredentials(roleArn, StsAssumeRoleCredentialsProvider.builder()
                .stsClient(clients.sts(region, clients.defaultCredentials()))
                .refreshRequest(r -> r.roleArn(roleArn).externalId(externalId).roleSessionName(SESSION_NAME))
                .asyncCredentialUpdateEnabled(false)
                .build());
    }

    /** Fixed access keys (discouraged: they do not expire). */
    public AwsCredentialsProvider accessKeys(String accessKeyId, String secretAccessKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }
}
