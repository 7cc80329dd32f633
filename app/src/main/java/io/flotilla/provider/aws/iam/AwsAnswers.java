package io.flotilla.provider.aws.iam;

import io.flotilla.provider.account.ValidationReport.Outcome;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Set;

/** Reads AWS's answer to a harmless call: allowed, refused (a missing permission), or neither. */
final class AwsAnswers {
    /** EC2's answer to a dry run that would have succeeded. */
    static final String DRY_RUN_OK = "DryRunOperation";
    /** How the services say "not allowed" (EC2, IAM-style services, JSON services). */
    private static final Set<String> REFUSED = Set.of("UnauthorizedOperation", "AccessDenied", "AccessDeniedException",
            "UnauthorizedAccess", "AuthorizationError");
    /** 403 answers that are about the credentials themselves, not a missing permission. */
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch",
            "ExpiredToken", "ExpiredTokenException", "AuthFailure", "UnrecognizedClientException", "InvalidToken");
    private static final int MAX_MESSAGE = 400;

    private AwsAnswers() {
    }

    /** What the exception of a probe means; {@code notFoundCodes} mean the permission check passed. */
    static Outcome outcome(SdkException e, Set<String> notFoundCodes) {
        String code = code(e);
        if (DRY_RUN_OK.equals(code) || notFoundCodes.contains(code)) {
            return Outcome.ALLOWED;
        }
        return isRefusal(e) ? Outcome.MISSING : Outcome.UNKNOWN;
    }

    /** True when AWS refused the call for lack of permission. */
    static boolean isRefusal(SdkException e) {
        if (!(e instanceof AwsServiceException service)) {
            return false;
        }
        String code = code(e);
        return REFUSED.contains(code) || service.statusCode() == 403 && !BAD_CREDENTIALS.contains(code);
    }

    /** AWS's error code, {@code HTTP <status>} when the answer had none, or the class name of a client-side failure. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException service) {
            if (service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null) {
                return service.awsErrorDetails().errorCode();
            }
            return "HTTP " + service.statusCode();
        }
        return e.getClass().getSimpleName();
    }

    /** {@code Code: message} in one line, shortened. */
    static String describe(SdkException e) {
        String message = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null
                ? service.awsErrorDetails().errorMessage() : e.getMessage();
        String line = code(e) + ": " + (message == null ? "" : message.replaceAll("\\s+", " ").strip());
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
    }
}
