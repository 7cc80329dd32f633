package io.flotilla.provider.aws.imagebuild;

import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.iam.AwsPermissionManifest;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.LogsConfigStatusType;
import software.amazon.awssdk.services.codebuild.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.codebuild.model.Tag;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one CodeBuild project of an account ({@value #NAME}), created on first use with the appliance's ownership
 * tag and found again afterwards (by BatchGetProjects; a replica that loses the creation race takes the other's).
 * It has no source and no artifacts: each build brings its buildspec ({@link BuildSpecYaml}) and pushes to ECR.
 * Privileged mode lets the build run Docker; logs go to {@value #LOG_GROUP}.
 */
final class BuildProjects {
    /** The project's name; {@code flotilla-} like every resource the policies let the appliance touch. */
    static final String NAME = AwsPermissionManifest.ROLE_PREFIX + "image-builder";
    /** Log group of every build (under the prefix whose reads the ongoing policy grants). */
    static final String LOG_GROUP = AwsPermissionManifest.LOG_GROUP_PREFIX + "builds";
    /** CodeBuild's curated images that run Docker, per architecture. */
    static final String X86_IMAGE = "aws/codebuild/amazonlinux2-x86_64-standard:5.0";
    static final String ARM_IMAGE = "aws/codebuild/amazonlinux2-aarch64-standard:3.0";
    /** The project's own buildspec: every build overrides it, so running it alone fails with a sentence. */
    private static final String PLACEHOLDER_BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands:\n"
            + "      - echo 'Flotilla starts each build with its own buildspec; this project does nothing alone.'\n"
            + "      - exit 1\n";
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    /**
     * Makes sure the project exists in the account; returns true when this call created it.
     *
     * @param serviceRoleArn the CodeBuild service role in that account
     * @param timeoutMinutes the longest a build may run
     */
    boolean ensure(AwsAccountContext account, CodeBuildClient codebuild, String applianceId, String serviceRoleArn,
                   int timeoutMinutes, String computeType) {
        String key = account.key() + "|" + account.region();
        if (ensured.contains(key)) {
            return false;
        }
        boolean created = false;
        if (codebuild.batchGetProjects(r -> r.names(NAME)).projects().isEmpty()) {
            try {
                codebuild.createProject(r -> r.name(NAME)
                        .description("Builds Flotilla software environment images (created by the Flotilla appliance)")
                        .source(s -> s.type(SourceType.NO_SOURCE).buildspec(PLACEHOLDER_BUILDSPEC))
                        .artifacts(a -> a.type(ArtifactsType.NO_ARTIFACTS))
                        .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER).image(X86_IMAGE)
                                .computeType(computeType).privilegedMode(true))
                        .serviceRole(serviceRoleArn)
                        .timeoutInMinutes(timeoutMinutes)
                        .logsConfig(l -> l.cloudWatchLogs(c -> c.status(LogsConfigStatusType.ENABLED).groupName(LOG_GROUP)))
                        .tags(Tag.builder().key(ResourceTags.APPLIANCE).value(applianceId).build()));
                created = true;
            } catch (ResourceAlreadyExistsException e) {
                // another replica created it a moment ago
            }
        }
        ensured.add(key);
        return created;
    }
}
