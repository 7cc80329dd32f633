package io.flotilla.provider.aws.imagebuild;

import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.aws.iam.AwsPermissionManifest;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

import java.util.Map;
import java.util.UUID;

/**
 * The ECR repository of a workspace's environment images ({@value AwsPermissionManifest#REPOSITORY_PREFIX}
 * {@code <workspace>}), created once with the appliance's and the workspace's tags; images are tagged with their
 * build hash. The repository also remembers which CodeBuild build serves which Flotilla build while it runs (a tag
 * {@value #BUILD_TAG_PREFIX}{@code <build id>}), so a build resumed after a crash finds it instead of starting a
 * second one; the tag is removed when the build is over.
 */
final class ImageRepositories {
    /** Tag key prefix naming the CodeBuild build of a running Flotilla build. */
    static final String BUILD_TAG_PREFIX = "flotilla:build:";

    /** The repository name of a workspace's images. */
    static String name(String workspace) {
        return AwsPermissionManifest.REPOSITORY_PREFIX + workspace;
    }

    /** The repository (found, or created with the ownership tags); the second result says whether it was created. */
    static Ensured ensure(EcrClient ecr, String workspace, String applianceId) {
        String name = name(workspace);
        try {
            return new Ensured(ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().get(0), false);
        } catch (RepositoryNotFoundException e) {
            try {
                Repository created = ecr.createRepository(r -> r.repositoryName(name)
                        .tags(tag(ResourceTags.APPLIANCE, applianceId), tag(ResourceTags.WORKSPACE, workspace))).repository();
                return new Ensured(created, true);
            } catch (RepositoryAlreadyExistsException raced) {
                return new Ensured(ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().get(0), false);
            }
        }
    }

    /** A repository and whether this call created it. */
    record Ensured(Repository repository, boolean created) {
    }

    /** The CodeBuild build id recorded for a Flotilla build, or null. */
    @Nullable
    static String recordedBuild(EcrClient ecr, Repository repository, UUID buildId) {
        String key = BUILD_TAG_PREFIX + buildId;
        return ecr.listTagsForResource(r -> r.resourceArn(repository.repositoryArn())).tags().stream()
                .filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }

    /** Records the CodeBuild build of a Flotilla build (with the owner tag, which the policy requires on every TagResource). */
    static void recordBuild(EcrClient ecr, Repository repository, UUID buildId, String codeBuildId, String applianceId) {
        ecr.tagResource(r -> r.resourceArn(repository.repositoryArn())
                .tags(tag(ResourceTags.APPLIANCE, applianceId), tag(BUILD_TAG_PREFIX + buildId, codeBuildId)));
    }

    /** Forgets the CodeBuild build of a finished Flotilla build. */
    static void forgetBuild(EcrClient ecr, Repository repository, UUID buildId) {
        ecr.untagResource(r -> r.resourceArn(repository.repositoryArn()).tagKeys(BUILD_TAG_PREFIX + buildId));
    }

    /** Deletes one image by tag; false when it or its repository was gone already. */
    static boolean deleteImage(EcrClient ecr, String repositoryName, String imageTag) {
        try {
            return !ecr.batchDeleteImage(r -> r.repositoryName(repositoryName)
                    .imageIds(ImageIdentifier.builder().imageTag(imageTag).build())).imageIds().isEmpty();
        } catch (RepositoryNotFoundException e) {
            return false;
        }
    }

    /** The repository's tags as a map (tests and checks). */
    static Map<String, String> tags(EcrClient ecr, Repository repository) {
        Map<String, String> tags = new java.util.TreeMap<>();
        ecr.listTagsForResource(r -> r.resourceArn(repository.repositoryArn())).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private ImageRepositories() {
    }
}
