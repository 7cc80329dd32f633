package io.flotilla.provider.aws.iam;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The coverage check itself, run against hand-made records (the real one comes from the provider's tests). */
class AwsRecordedOperationsCheckTest {
    @TempDir
    Path dir;
    private final String previous = System.getProperty(OngoingPolicyCoversRecordedOperationsCheck.PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (previous == null) {
            System.clearProperty(OngoingPolicyCoversRecordedOperationsCheck.PROPERTY);
        } else {
            System.setProperty(OngoingPolicyCoversRecordedOperationsCheck.PROPERTY, previous);
        }
    }

    @Test
    void passesWhenEveryOperationIsGranted() throws IOException {
        use("# recorded by the provider tests\nec2:CreateFleet\nec2:DescribeInstances\nec2:CreateFleet\n"
                + "logs:FilterLogEvents\ncloudwatchlogs:GetLogEvents\nsts:AssumeRole\nec2:CreateVpc\n");
        assertThatCode(this::check).doesNotThrowAnyException();
    }

    @Test
    void failsNamingTheOperationNoPolicyGrants() throws IOException {
        use("ec2:DescribeInstances\ns3:DeleteBucket\nec2:ModifyInstanceAttribute\n");
        assertThatThrownBy(this::check).isInstanceOf(AssertionError.class)
                .hasMessageContaining("s3:DeleteBucket").hasMessageContaining("ec2:ModifyInstanceAttribute")
                .hasMessageNotContaining("ec2:DescribeInstances");
    }

    @Test
    void failsClearlyWhenTheRecordIsMissing() {
        System.setProperty(OngoingPolicyCoversRecordedOperationsCheck.PROPERTY, dir.resolve("absent.txt").toString());
        assertThatThrownBy(this::check).isInstanceOf(AssertionError.class)
                .hasMessageContaining("No record of AWS operations").hasMessageContaining("absent.txt");
    }

    @Test
    void failsOnAMalformedLine() throws IOException {
        use("CreateFleet\n");
        assertThatThrownBy(this::check).isInstanceOf(AssertionError.class).hasMessageContaining("CreateFleet");
    }

    private void use(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("aws-operations.txt"), content);
        System.setProperty(OngoingPolicyCoversRecordedOperationsCheck.PROPERTY, file.toString());
    }

    private void check() throws IOException {
        new OngoingPolicyCoversRecordedOperationsCheck().everyRecordedOperationIsInTheOngoingOrSetupPolicy();
    }
}
