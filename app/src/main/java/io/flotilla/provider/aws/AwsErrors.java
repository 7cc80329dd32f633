package io.flotilla.provider.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Human sentences for AWS SDK failures: AWS's error code and message, never a stack trace. */
public final class AwsErrors {
    private AwsErrors() {
    }

    /** E.g. {@code AccessDeniedException: User ... is not authorized to perform: logs:FilterLogEvents}. */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            return (code == null ? "AWS error " + service.statusCode() : code) + (message == null ? "" : ": " + message);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
