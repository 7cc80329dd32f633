package io.flotilla.provider.gcp.iam;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Terraform module's custom roles ({@code terraform/gcp/roles/*.json}) are the app's own role definitions,
 * generated from {@link GcpPermissionManifest}; {@code terraform/gcp/iam.tf} reads their {@code includedPermissions}
 * with {@code jsondecode(file(...))}. Fails when a committed file differs from what the manifest generates;
 * {@code -Dflotilla.policy.write=true} rewrites the files.
 */
class CommittedGcpRoleTest {
    static final String WRITE_PROPERTY = "flotilla.policy.write";
    private static final String REGENERATE = "regenerate with: mvn -B -ntp -o -pl app verify -Dtest=CommittedGcpRoleTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true";

    @ParameterizedTest
    @CsvSource({"ONGOING_ROLE, flotilla-ongoing.json", "SETUP_ROLE, flotilla-setup.json"})
    void committedRoleIsTheGeneratedOne(GcpGrant grant, String file) throws IOException {
        Path committed = roles().resolve(file);
        String generated = json(grant == GcpGrant.ONGOING_ROLE ? GcpRoleDocuments.ongoing() : GcpRoleDocuments.setup());
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, generated);
        }
        assertThat(Files.exists(committed)).as(committed + " is missing; " + REGENERATE).isTrue();
        assertThat(Files.readString(committed)).as(committed + " differs from what GcpPermissionManifest generates; " + REGENERATE)
                .isEqualTo(generated);
    }

    /** The role definition pretty-printed (two-space indent, one trailing newline). */
    static String json(CustomRole role) throws IOException {
        String compact = ObjectMapper.getDefault().writeValueAsString(GcpRoleDocuments.definition(role));
        JsonFactory factory = new JsonFactory();
        StringWriter out = new StringWriter();
        try (JsonParser parser = factory.createParser(compact); JsonGenerator generator = factory.createGenerator(out)) {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            generator.setPrettyPrinter(printer.withArrayIndenter(new DefaultIndenter("  ", "\n")));
            parser.nextToken();
            generator.copyCurrentStructure(parser);
        }
        return out.toString().replace("\" : ", "\": ") + "\n";
    }

    /** {@code terraform/gcp/roles} of this checkout (Maven runs the tests in {@code app/}). */
    static Path roles() {
        Path app = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path dir = app.resolveSibling("terraform").resolve("gcp").resolve("roles");
        assertThat(Files.isDirectory(dir.getParent())).as(dir.getParent() + " (terraform/gcp of this checkout)").isTrue();
        return dir;
    }
}
