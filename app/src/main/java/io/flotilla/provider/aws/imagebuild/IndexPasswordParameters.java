package io.flotilla.provider.aws.imagebuild;

import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.aws.iam.AwsPermissionManifest;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.Tag;

import java.util.UUID;

/**
 * A private index's password for one build, as a SecureString parameter in the customer's account
 * ({@value #PREFIX}{@code <build id>/index-password}, tagged). The build reads it through a CodeBuild environment
 * variable of type PARAMETER_STORE: CodeBuild fetches it with the build's service role and masks its value in the
 * build log, so the password is never in the buildspec, in StartBuild's request, in BatchGetBuilds' answers or in
 * the log. It is deleted when the build is over.
 */
final class IndexPasswordParameters {
    /** Parameters of builds start with this (the policies grant writes and the service role reads under it). */
    static final String PREFIX = AwsPermissionManifest.PARAMETER_PREFIX + "builds/";

    private IndexPasswordParameters() {
    }

    /** The parameter name of a build's index password. */
    static String name(UUID buildId) {
        return PREFIX + buildId + "/index-password";
    }

    /** Writes the build's password (again, after a crash: the old value is replaced). */
    static String put(SsmClient ssm, UUID buildId, String password, String applianceId) {
        String name = name(buildId);
        try {
            create(ssm, name, password, applianceId);
        } catch (ParameterAlreadyExistsException e) {
            // left by a run of this build that crashed: the password may have changed since
            delete(ssm, buildId);
            create(ssm, name, password, applianceId);
        }
        return name;
    }

    /** Removes the build's password; nothing when it is gone already. */
    static void delete(SsmClient ssm, UUID buildId) {
        try {
            ssm.deleteParameter(r -> r.name(name(buildId)));
        } catch (ParameterNotFoundException e) {
            // deleted before
        }
    }

    private static void create(SsmClient ssm, String name, String password, String applianceId) {
        ssm.putParameter(r -> r.name(name).type(ParameterType.SECURE_STRING).value(password)
                .description("Private package index password of one Flotilla image build (deleted after the build)")
                .tags(Tag.builder().key(ResourceTags.APPLIANCE).value(applianceId).build()));
    }
}
