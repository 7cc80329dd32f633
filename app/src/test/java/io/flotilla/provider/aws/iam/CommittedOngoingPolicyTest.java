package io.flotilla.provider.aws.iam;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Terraform module's IAM policies ({@code terraform/aws/policies/*.json}) are the app's own documents, generated
 * from {@link AwsPermissionManifest} with every target-specific part left as a Terraform template placeholder
 * ({@code ${partition}}, {@code ${region}}, {@code ${account_id}}, {@code ${appliance_id}}, {@code ${worker_role}}),
 * filled in by {@code templatefile()} in {@code terraform/aws/iam.tf}. Fails when a committed file differs from
 * what the manifest generates; {@code -Dflotilla.policy.write=true} rewrites the files (terraform/README.md).
 */
class CommittedOngoingPolicyTest {
    static final String WRITE_PROPERTY = "flotilla.policy.write";
    static final AwsTarget PLACEHOLDERS = new AwsTarget("${appliance_id}", "${account_id}", "${region}", "${worker_role}", null);
    private static final String REGENERATE = "regenerate with: mvn -B -ntp -o -pl app verify -Dtest=CommittedOngoingPolicyTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true";
    private final ObjectMapper json = ObjectMapper.getDefault();

    @ParameterizedTest
    @CsvSource({"ONGOING, flotilla-ongoing.json", "IMAGE_BUILDS, flotilla-image-builds.json", "WORKER_ROLE, flotilla-worker-role.json"})
    void committedPolicyIsTheGeneratedOne(PolicyKind kind, String file) throws IOException {
        Path committed = policies().resolve(file);
        String generated = template(kind);
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.writeString(committed, generated);
        }
        assertThat(Files.exists(committed)).as(committed + " is missing; " + REGENERATE).isTrue();
        assertThat(Files.readString(committed))
                .as(committed + " differs from what AwsPermissionManifest generates; " + REGENERATE)
                .isEqualTo(generated);
    }

    /** Filling the placeholders the way Terraform's templatefile() does gives exactly the app's document for that target. */
    @ParameterizedTest
    @CsvSource({"ONGOING, eu-west-1", "ONGOING, us-gov-west-1", "ONGOING, cn-north-1", "IMAGE_BUILDS, eu-west-1", "WORKER_ROLE, eu-west-1"})
    void filledTemplateEqualsTheDocumentTheAppServes(PolicyKind kind, String region) throws IOException {
        AwsTarget target = AwsTarget.of("5b1d6c1e-0f7a-4e43-9d55-2b7f0c3f5a11", "123456789012", region, "flotilla-workers-a", null);
        String filled = template(kind)
                .replace("${partition}", target.partition())
                .replace("${region}", target.region())
                .replace("${account_id}", target.accountId())
                .replace("${appliance_id}", target.applianceId())
                .replace("${worker_role}", target.workerRole());
        assertThat(filled).doesNotContain("${");
        assertThat(parse(filled)).isEqualTo(parse(json.writeValueAsString(IamPolicyDocuments.permissions(kind, target))));
    }

    @Test
    void templateNamesOnlyThePlaceholdersTheModuleFillsIn() throws IOException {
        String template = template(PolicyKind.ONGOING);
        assertThat(template.replaceAll("\\$\\{(partition|region|account_id|appliance_id|worker_role)}", ""))
                .doesNotContain("${").doesNotContain("%{").doesNotContain("arn:aws:");
    }

    /** The document of {@code kind} with placeholders, pretty-printed (two-space indent, one trailing newline). */
    static String template(PolicyKind kind) throws IOException {
        String compact = ObjectMapper.getDefault().writeValueAsString(IamPolicyDocuments.permissions(kind, PLACEHOLDERS));
        // AwsTarget derives the partition from the region; for the placeholder region that is "aws"
        String withPartition = compact.replace("\"arn:aws:", "\"arn:${partition}:");
        JsonFactory factory = new JsonFactory();
        StringWriter out = new StringWriter();
        try (JsonParser parser = factory.createParser(withPartition); JsonGenerator generator = factory.createGenerator(out)) {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            generator.setPrettyPrinter(printer.withArrayIndenter(new DefaultIndenter("  ", "\n")));
            parser.nextToken();
            generator.copyCurrentStructure(parser);
        }
        return out.toString().replace("\" : ", "\": ") + "\n";
    }

    private Map<String, Object> parse(String text) throws IOException {
        return json.readValue(text, Argument.mapOf(String.class, Object.class));
    }

    /** {@code terraform/aws/policies} of this checkout (Maven runs the tests in {@code app/}). */
    static Path policies() {
        Path app = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path dir = app.resolveSibling("terraform").resolve("aws").resolve("policies");
        assertThat(Files.isDirectory(dir)).as(dir + " (terraform/aws/policies of this checkout)").isTrue();
        return dir;
    }
}
