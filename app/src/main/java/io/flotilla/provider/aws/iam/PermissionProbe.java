package io.flotilla.provider.aws.iam;

import java.util.Set;

/**
 * One harmless call that tries one action of the ongoing policy: a dry run, a read, or a call on a resource that
 * cannot exist. AWS checks the permission before it looks for the resource, so "not found" answers (the codes in
 * {@code notFoundCodes}) prove the permission as well as a success or {@code DryRunOperation} does.
 *
 * @param action        {@code service:Action}; must be in {@link AwsPermissionManifest}
 * @param call          what is sent, in a few words (for the report)
 * @param notFoundCodes error codes that mean "allowed, but the resource is absent"
 * @param run           the call itself
 */
record PermissionProbe(String action, String call, Set<String> notFoundCodes, Call run) {
    PermissionProbe {
        notFoundCodes = Set.copyOf(notFoundCodes);
    }

    /** The call, given what earlier probes found (image, subnet, VPC). */
    @FunctionalInterface
    interface Call {
        void run(ProbeContext context);
    }

    /** Thrown by a call that cannot be sent because an earlier probe found nothing to use (e.g. no image id). */
    static final class CannotTry extends RuntimeException {
        CannotTry(String reason) {
            super(reason, null, false, false);
        }
    }
}
