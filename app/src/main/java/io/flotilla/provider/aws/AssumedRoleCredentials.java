package io.flotilla.provider.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Credentials of a role assumed with an external id, which know the role they stand for, so that a refused
 * {@code sts:AssumeRole} can be reported with the role's ARN. The external id stays inside the STS request.
 */
public final class AssumedRoleCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
    private final String roleArn;
    private final StsAssumeRoleCredentialsProvider delegate;

    AssumedRoleCredentials(String roleArn, StsAssumeRoleCredentialsProvider delegate) {
        this.roleArn = roleArn;
        this.delegate = delegate;
    }

    /** The ARN of the role these credentials assume. */
    public String roleArn() {
        return roleArn;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return delegate.resolveCredentials();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "AssumedRoleCredentials(" + roleArn + ")";
    }
}
