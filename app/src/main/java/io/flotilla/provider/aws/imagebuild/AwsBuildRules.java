package io.flotilla.provider.aws.imagebuild;

import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.PackageIndex;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.error.ServiceException;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the {@code aws} builder can build, checked before anything is stored or sent: every value that ends up in
 * the generated Dockerfile or buildspec is held to a pattern that cannot break out of its line or quote.
 */
final class AwsBuildRules {
    static final Set<String> ARCHITECTURES = Set.of("x86_64", "arm64");
    private static final Pattern PYTHON = Pattern.compile("3\\.\\d{1,2}(\\.\\d{1,2})?");
    /** registry/name[:tag][@sha256:digest], the characters an image reference may have. */
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9]([a-z0-9._:/-]*[a-z0-9])?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
            + "(@sha256:[0-9a-f]{64})?");
    /** A requirement line: no option (an option such as --index-url would bypass the index rules), no quote, one line. */
    private static final Pattern REQUIREMENT = Pattern.compile("[A-Za-z0-9][^'\"\\\\\\r\\n`$]*");
    private static final Pattern WHEEL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+!-]*\\.whl");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern INDEX_URL = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~/%+-]*)?");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

    private AwsBuildRules() {
    }

    /** Refuses a spec the aws builder cannot build, with one sentence naming the field. */
    static void check(EnvironmentSpec spec) {
        if (spec.conda() != null) {
            throw ServiceException.invalid("conda", "The aws builder builds images from pip requirements or a container"
                    + " image; conda specs are not built on AWS. Use pip requirements, or a container image that has"
                    + " the conda environment already.");
        }
        if (!ARCHITECTURES.contains(spec.architecture())) {
            throw ServiceException.invalid("architecture", "The architecture must be x86_64 or arm64, not '"
                    + spec.architecture() + "'.");
        }
        if (spec.python() == null || !PYTHON.matcher(spec.python()).matches()) {
            throw ServiceException.invalid("python", "The python version must look like 3.11 or 3.11.9, not '"
                    + spec.python() + "'.");
        }
        if (spec.container() != null && (!IMAGE.matcher(spec.container()).matches() || spec.container().length() > 512)) {
            throw ServiceException.invalid("container", "'" + spec.container() + "' is not a container image reference"
                    + " such as registry.example.com/team/image:tag.");
        }
        for (String line : spec.pip()) {
            if (!REQUIREMENT.matcher(line).matches()) {
                throw ServiceException.invalid("pip", "The requirement line '" + line + "' is not a plain requirement"
                        + " (no options such as --index-url, no quotes, one line each).");
            }
        }
        for (WheelRef wheel : spec.wheels()) {
            if (!WHEEL.matcher(wheel.filename()).matches() || !SHA256.matcher(wheel.sha256()).matches()) {
                throw ServiceException.invalid("wheels", "The wheel '" + wheel.filename() + "' has no plain wheel file"
                        + " name or no SHA-256 of 64 hex digits.");
            }
        }
    }

    /** Refuses an index whose URL or username could not be passed safely (credentials belong in the secret store). */
    static void checkIndex(PackageIndex index) {
        if (!INDEX_URL.matcher(index.url()).matches()) {
            throw ServiceException.invalid("index", "The package index URL must be a plain http(s) URL without"
                    + " credentials in it; the password belongs in the workspace's secret store.");
        }
        if (index.username() != null && !USERNAME.matcher(index.username()).matches()) {
            throw ServiceException.invalid("index", "The package index username may hold only letters, digits and ._@+-.");
        }
    }
}
