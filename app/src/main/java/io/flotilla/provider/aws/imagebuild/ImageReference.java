package io.flotilla.provider.aws.imagebuild;

import io.flotilla.provider.aws.iam.AwsPermissionManifest;
import io.micronaut.core.annotation.Nullable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image this builder produced: {@code <account>.dkr.ecr.<region>.amazonaws.com/flotilla/<workspace>:<tag>}.
 *
 * @param accountId  the registry's account
 * @param region     the registry's region
 * @param repository the repository name ({@code flotilla/...})
 * @param tag        the image tag (the build hash)
 */
record ImageReference(String accountId, String region, String repository, String tag) {
    private static final Pattern ECR = Pattern.compile("(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/("
            + Pattern.quote(AwsPermissionManifest.REPOSITORY_PREFIX) + "[a-z0-9._/-]+):([A-Za-z0-9_.-]{1,128})");

    /** The parts of a Flotilla ECR image reference, or null for any other reference. */
    @Nullable
    static ImageReference parse(String reference) {
        Matcher m = ECR.matcher(reference);
        return m.matches() ? new ImageReference(m.group(1), m.group(2), m.group(3), m.group(4)) : null;
    }
}
