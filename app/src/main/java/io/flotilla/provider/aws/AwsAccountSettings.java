package io.flotilla.provider.aws;

/** The names of an AWS cloud account's own settings and secret values, as stored on the account. */
public final class AwsAccountSettings {
    /** The provider id of AWS accounts. */
    public static final String PROVIDER = "aws";
    /** The assumed role (assume_role). */
    public static final String ROLE_ARN = "roleArn";
    /** The external id the role's trust policy requires (assume_role). */
    public static final String EXTERNAL_ID = "externalId";
    /** What may be shown of the access key id (access_keys). */
    public static final String ACCESS_KEY_HINT = "accessKeyHint";
    /** The workers' instance profile. */
    public static final String INSTANCE_PROFILE_ARN = "instanceProfileArn";
    /** Keys of the secret of an access_keys account. */
    public static final String SECRET_KEY_ID = "accessKeyId";
    public static final String SECRET_ACCESS_KEY = "secretAccessKey";

    private AwsAccountSettings() {
    }
}
