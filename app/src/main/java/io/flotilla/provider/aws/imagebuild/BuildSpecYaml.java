package io.flotilla.provider.aws.imagebuild;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CodeBuild buildspec of one image build, passed with StartBuild's {@code buildspecOverride} (the project has
 * no source): it writes the build context (Dockerfile, requirements, the appliance's flotilla wheel, all base64),
 * downloads the uploaded wheels from their short-lived links and checks their SHA-256, logs in to ECR with the
 * build's service role, builds with BuildKit and pushes. The private index's password is never in it: it is the
 * build's {@value #INDEX_PASSWORD_VARIABLE} variable, of type PARAMETER_STORE (CodeBuild reads the SecureString
 * parameter itself and masks its value in the log), handed to {@code docker build} as a BuildKit secret by name.
 */
final class BuildSpecYaml {
    /** The CodeBuild environment variable holding the index password (type PARAMETER_STORE). */
    static final String INDEX_PASSWORD_VARIABLE = "FLOTILLA_INDEX_PASSWORD";

    /** A wheel the build downloads into {@code wheels/}. */
    record Download(String filename, String sha256, String url) {
    }

    /** Everything the buildspec writes, fetches and pushes. */
    record Inputs(String dockerfile, String requirements, String applianceWheelName, byte[] applianceWheel,
                  List<Download> downloads, String imageUri, String region, boolean indexSecret) {
        Inputs {
            downloads = List.copyOf(downloads);
        }

        /** The registry host of the image, e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com}. */
        String registry() {
            return imageUri.substring(0, imageUri.indexOf('/'));
        }
    }

    private BuildSpecYaml() {
    }

    static String render(Inputs in) {
        List<String> prepare = new ArrayList<>();
        prepare.add("mkdir -p context/wheels context/appliance");
        prepare.add(writeBase64(in.dockerfile().getBytes(StandardCharsets.UTF_8), "context/Dockerfile"));
        prepare.add(writeBase64(in.requirements().getBytes(StandardCharsets.UTF_8), "context/requirements.txt"));
        prepare.add(writeBase64(in.applianceWheel(), "context/appliance/" + in.applianceWheelName()));
        for (Download wheel : in.downloads()) {
            String path = "context/wheels/" + wheel.filename();
            prepare.add("curl -fsS --retry 3 -o " + path + " '" + wheel.url() + "'");
            prepare.add("echo '" + wheel.sha256() + "  " + path + "' | sha256sum -c -");
        }
        prepare.add("aws ecr get-login-password --region " + in.region()
                + " | docker login --username AWS --password-stdin " + in.registry());
        String secret = in.indexSecret()
                ? " --secret id=" + BuildDockerfile.INDEX_SECRET + ",env=" + INDEX_PASSWORD_VARIABLE : "";
        List<String> build = List.of(
                "docker build --progress=plain" + secret + " -t " + in.imageUri() + " context",
                "docker push " + in.imageUri());

        Map<String, Object> phases = new LinkedHashMap<>();
        phases.put("pre_build", Map.of("commands", prepare));
        phases.put("build", Map.of("commands", build));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("version", "0.2");
        spec.put("env", Map.of("shell", "bash", "variables", Map.of("DOCKER_BUILDKIT", "1")));
        spec.put("phases", phases);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        return new Yaml(options).dump(spec);
    }

    private static String writeBase64(byte[] content, String path) {
        return "echo '" + Base64.getEncoder().encodeToString(content) + "' | base64 -d > " + path;
    }
}
