package io.flotilla.provider.aws.iam;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every AWS operation the provider's tests really performed (recorded by their SDK interceptor, one
 * {@code service:Operation} per line) must be granted by the ongoing (with its image-build part) or setup policy, i.e. be in the manifest.
 *
 * <p>It reads what other test classes wrote, so it must run after them. That is explicit, not an accident of
 * ordering: its name does not match Surefire's default includes, and app/pom.xml runs it in a second Surefire
 * execution ({@code aws-policy-coverage}) after every other test of the module has run, whatever their order or
 * number of forks. A missing file is a failure, not a skip: a silent pass would defeat the check. Point
 * {@code -Dflotilla.aws.recorded-operations=FILE} elsewhere to check another record.
 */
class OngoingPolicyCoversRecordedOperationsCheck {
    /** Where the AWS provider's tests write their record (relative to the module directory). */
    static final String DEFAULT_FILE = "target/aws-operations.txt";
    static final String PROPERTY = "flotilla.aws.recorded-operations";
    /** Operations the appliance performs with its own identity, not with the role these documents describe. */
    private static final Map<String, String> GRANTED_ELSEWHERE = Map.of(
            "sts:AssumeRole", "the appliance's own identity assumes the role; the trust policy (sts:ExternalId) allows it");

    /** SDK service names that differ from the IAM prefix, in case a recorder writes the SDK's name. */
    private static final Map<String, String> IAM_PREFIX = Map.of("cloudwatchlogs", "logs");
    /** SDK operations authorised by an IAM action of another name. */
    private static final Map<String, String> IAM_ACTION = Map.of("s3:HeadObject", "s3:GetObject",
            "s3:PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:HeadBucket", "s3:ListBucket");

    @Test
    void everyRecordedOperationIsInTheOngoingOrSetupPolicy() throws IOException {
        Path file = Path.of(System.getProperty(PROPERTY, DEFAULT_FILE));
        if (!Files.isRegularFile(file)) {
            fail("No record of AWS operations at " + file.toAbsolutePath() + ". The AWS provider's tests write it"
                    + " (their RecordingInterceptor) and must run before this class in the same build: run them too,"
                    + " e.g. mvn -pl app verify -Dtest='Aws*,*Ec2*' then mvn -pl app surefire:test -Dtest=OngoingPolicyCoversRecordedOperationsCheck, or pass -D" + PROPERTY + "=FILE.");
        }
        List<String> recorded = recordedOperations(file);
        assertThat(recorded).as("operations recorded in " + file).isNotEmpty()
                .allSatisfy(op -> assertThat(op).as("line in " + file).matches(AwsPermission.ACTION));
        Set<String> granted = AwsPermissionManifest.all().stream()
                .filter(p -> p.policy() == PolicyKind.ONGOING || p.policy() == PolicyKind.IMAGE_BUILDS
                        || p.policy() == PolicyKind.SETUP)
                .map(AwsPermission::action).collect(Collectors.toSet());
        List<String> missing = recorded.stream()
                .filter(op -> !granted.contains(op) && !GRANTED_ELSEWHERE.containsKey(op)).toList();
        assertThat(missing).as("AWS operations the code performed that no policy grants; add each to"
                + " AwsPermissionManifest with the right condition and a reason").isEmpty();
    }

    static List<String> recordedOperations(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(OngoingPolicyCoversRecordedOperationsCheck::iamName).distinct().sorted().toList();
    }

    private static String iamName(String operation) {
        int colon = operation.indexOf(':');
        String service = colon < 0 ? "" : operation.substring(0, colon);
        String named = IAM_PREFIX.containsKey(service) ? IAM_PREFIX.get(service) + operation.substring(colon) : operation;
        return IAM_ACTION.getOrDefault(named, named);
    }
}
