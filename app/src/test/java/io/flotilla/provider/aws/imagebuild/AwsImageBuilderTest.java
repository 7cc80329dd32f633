package io.flotilla.provider.aws.imagebuild;

import io.flotilla.cluster.Cluster;
import io.flotilla.environment.builder.BuildFailedException;
import io.flotilla.environment.builder.BuildLog;
import io.flotilla.environment.builder.BuildRequest;
import io.flotilla.environment.builder.BuiltArtifact;
import io.flotilla.environment.builder.CondaSpec;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.PackageIndex;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.environment.builder.WheelSource;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsAccounts;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.aws.CloudWatchLogGroups;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.provider.aws.RecordingInterceptor;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.Project;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The aws image builder against moto: CodeBuild project, ECR repository, StartBuild's buildspec, logs, failures, resumes. */
class AwsImageBuilderTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    static final String APPLIANCE = "appliance-" + UUID.randomUUID();
    static final String WORKSPACE = "team-a";
    static final String ROLE = "arn:aws:iam::123456789012:role/flotilla-build";
    private static final Pattern BASE64_FILE = Pattern.compile("echo '([A-Za-z0-9+/=]+)' \\| base64 -d > (\\S+)");
    private final ObjectMapper json = ObjectMapper.getDefault();
    private final CodeBuildFaults faults = new CodeBuildFaults();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final BuildLog buildLog = log::add;
    private AwsClients clients;
    private AwsAccounts accounts;
    /** The test's own calls (setting up what CodeBuild would write, checking results): not recorded as the builder's. */
    private AwsClients raw;
    private AwsImageBuilder builder;

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    @BeforeEach
    void setUp() throws Exception {
        clients = MOTO.clients(RECORDER, faults, new MotoNoSourceLocation());
        raw = MOTO.clients();
        AwsAccountContext account = new AwsAccountContext(AwsAccountContext.DEFAULT_KEY, "default", MotoServer.REGION,
                clients.defaultCredentials(), List.of(), List.of(), null, 30);
        accounts = new AwsAccounts() {
            @Override
            public List<AwsAccountContext> all() {
                return List.of(account);
            }
        };
        AwsBuildConfig config = new AwsBuildConfig();
        config.setServiceRoleArn(ROLE);
        config.setPollInterval(Duration.ofMillis(20));
        builder = new AwsImageBuilder(accounts, clients, new CloudWatchLogGroups(clients), () -> APPLIANCE, config,
                Clock.systemUTC(), () -> ApplianceRuntime.fromClasspath(getClass().getClassLoader()));
        MOTO.startRecording();
    }

    @Test
    void theProjectAndTheRepositoryAreCreatedOnceTaggedAndTheImageIsTheArtifact() throws Exception {
        String hash = "a".repeat(64);
        BuiltArtifact first = builder.build(request(UUID.randomUUID(), hash, spec(List.of("pandas==2.2.3")), null, none()), buildLog);
        BuiltArtifact second = builder.build(request(UUID.randomUUID(), "b".repeat(64), spec(List.of("polars==1.9.0")), null,
                none()), buildLog);

        assertThat(first).isEqualTo(new BuiltArtifact("image",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/flotilla/team-a:" + hash));
        assertThat(second.reference()).endsWith("/flotilla/team-a:" + "b".repeat(64));
        CodeBuildClient codebuild = raw.codebuild(MotoServer.REGION, raw.defaultCredentials());
        List<Project> projects = codebuild.batchGetProjects(r -> r.names(BuildProjects.NAME)).projects();
        assertThat(projects).singleElement().satisfies(p -> {
            assertThat(p.tags()).anySatisfy(t -> {
                assertThat(t.key()).isEqualTo(ResourceTags.APPLIANCE);
                assertThat(t.value()).isEqualTo(APPLIANCE);
            });
            assertThat(p.serviceRole()).isEqualTo(ROLE);
            assertThat(p.environment().privilegedMode()).as("docker build needs it").isTrue();
        });
        EcrClient ecr = raw.ecr(MotoServer.REGION, raw.defaultCredentials());
        Repository repository = ecr.describeRepositories(r -> r.repositoryNames("flotilla/team-a")).repositories().get(0);
        assertThat(ImageRepositories.tags(ecr, repository)).as("owner and workspace tags; no build tag left behind")
                .isEqualTo(Map.of(ResourceTags.APPLIANCE, APPLIANCE, ResourceTags.WORKSPACE, WORKSPACE));
        assertThat(operations("CreateProject")).as("project created once").hasSize(1);
        assertThat(operations("CreateRepository")).as("repository created once").hasSize(1);
        assertThat(operations("StartBuild")).hasSize(2);
        assertThat(codebuild.listBuildsForProject(r -> r.projectName(BuildProjects.NAME)).ids()).hasSize(2);
        assertThat(log).anyMatch(l -> l.contains("Created the CodeBuild project"))
                .anyMatch(l -> l.contains("Built and pushed " + first.reference()));
    }

    @Test
    void startBuildCarriesTheGeneratedBuildspecDockerfileAndWheels() throws Exception {
        UUID buildId = UUID.randomUUID();
        String hash = "c".repeat(64);
        WheelRef wheel = new WheelRef("mylib-0.1.0-py3-none-any.whl", "d".repeat(64));
        EnvironmentSpec spec = new EnvironmentSpec(List.of("pandas==2.2.3", "distributed==2026.8.0"), null, null, "3.12",
                "arm64", false, List.of(wheel));
        builder.build(request(buildId, hash, spec, null, linking("https://wheels.example/mylib?sig=abc")), buildLog);

        Map<String, Object> start = body(operations("StartBuild").get(0));
        String buildspec = (String) start.get("buildspecOverride");
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/flotilla/team-a:" + hash;
        assertThat(buildspec).contains("aws ecr get-login-password --region us-east-1 | docker login --username AWS"
                        + " --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com")
                .contains("docker build --progress=plain -t " + image + " context").contains("docker push " + image)
                .contains("curl -fsS --retry 3 -o context/wheels/mylib-0.1.0-py3-none-any.whl 'https://wheels.example/mylib?sig=abc'")
                .contains("echo '" + "d".repeat(64) + "  context/wheels/mylib-0.1.0-py3-none-any.whl' | sha256sum -c -");
        Map<String, String> files = writtenFiles(buildspec);
        String dockerfile = files.get("context/Dockerfile");
        assertThat(dockerfile).contains("FROM public.ecr.aws/docker/library/python:3.12-slim-bookworm")
                .contains("RUN uv venv --python 3.12 /opt/flotilla/env")
                .contains("uv pip install --python /opt/flotilla/env/bin/python -r /opt/flotilla/requirements.txt \\\n"
                        + "    /opt/flotilla/wheels/mylib-0.1.0-py3-none-any.whl")
                .containsPattern("--no-deps --no-index /opt/flotilla/appliance/flotilla-[^ ]+\\.whl");
        assertThat(files.get("context/requirements.txt")).startsWith("pandas==2.2.3\ndistributed==2026.8.0\n")
                .contains("dask[array]==").contains("cloudpickle==").contains("\nwatchtower==3.4.0").contains("\nboto3>=1.28")
                .as("the spec's own distributed pin, not the appliance's as well").containsOnlyOnce("distributed==");
        assertThat(files).hasEntrySatisfying(files.keySet().stream().filter(k -> k.startsWith("context/appliance/flotilla-"))
                .findFirst().orElseThrow(), w -> assertThat(w).startsWith("PK"));
        assertThat(start.get("environmentTypeOverride")).isEqualTo("ARM_CONTAINER");
        assertThat(start.get("imageOverride")).isEqualTo(BuildProjects.ARM_IMAGE);
        assertThat(start.get("environmentVariablesOverride")).asList()
                .containsExactly(Map.of("name", "FLOTILLA_BUILD_ID", "value", buildId.toString(), "type", "PLAINTEXT"));
        @SuppressWarnings("unchecked")
        Map<String, Object> cloudWatch = (Map<String, Object>) ((Map<String, Object>) start.get("logsConfigOverride")).get("cloudWatchLogs");
        assertThat(cloudWatch)
                .containsEntry("groupName", "/flotilla/builds").containsEntry("streamName", WORKSPACE + "/" + buildId);
    }

    @Test
    void aFailedBuildPutsItsInstallerOutputInTheBuildLogAndFailsWithASentence() throws Exception {
        UUID buildId = UUID.randomUUID();
        String stream = WORKSPACE + "/" + buildId + "/codebuild-run";
        var logs = raw.logs(MotoServer.REGION, raw.defaultCredentials());
        logs.createLogGroup(r -> r.logGroupName(BuildProjects.LOG_GROUP));
        logs.createLogStream(r -> r.logGroupName(BuildProjects.LOG_GROUP).logStreamName(stream));
        long now = System.currentTimeMillis();
        logs.putLogEvents(r -> r.logGroupName(BuildProjects.LOG_GROUP).logStreamName(stream).logEvents(
                e -> e.timestamp(now).message("#9 [stage-1 6/7] RUN uv pip install --python /opt/flotilla/env/bin/python -r /opt/flotilla/requirements.txt"),
                e -> e.timestamp(now + 1).message("#9 0.412   x No solution found when resolving dependencies:"),
                e -> e.timestamp(now + 2).message("#9 0.412   `-> Because no-such-package-flotilla-test was not found in the package registry")));
        faults.failBuilds(BuildProjects.LOG_GROUP, stream);

        assertThatThrownBy(() -> builder.build(request(buildId, "e".repeat(64), spec(List.of("no-such-package-flotilla-test==1.0")),
                null, none()), buildLog))
                .isInstanceOf(BuildFailedException.class)
                .hasMessage("The image build ended FAILED in CodeBuild in its BUILD phase (Error while executing command:"
                        + " docker build --progress=plain -t image context. Reason: exit status 1); the installer's output is"
                        + " in the build log.");
        assertThat(log).contains("#9 0.412   x No solution found when resolving dependencies:",
                "#9 0.412   `-> Because no-such-package-flotilla-test was not found in the package registry");
        EcrClient ecr = raw.ecr(MotoServer.REGION, raw.defaultCredentials());
        Repository repository = ecr.describeRepositories(r -> r.repositoryNames("flotilla/team-a")).repositories().get(0);
        assertThat(ImageRepositories.tags(ecr, repository)).doesNotContainKey(ImageRepositories.BUILD_TAG_PREFIX + buildId);
    }

    @Test
    void theIndexPasswordIsAParameterStoreVariableNeverInTheBuildspecOrTheLog() throws Exception {
        String canary = "index-canary-" + UUID.randomUUID();
        UUID buildId = UUID.randomUUID();
        PackageIndex index = new PackageIndex("https://pypi.corp.example/simple", "builder", canary);
        builder.build(request(buildId, "f".repeat(64), spec(List.of("corp-lib==3.1")), index, none()), buildLog);

        Map<String, Object> start = body(operations("StartBuild").get(0));
        assertThat(start.get("environmentVariablesOverride")).asList().contains(Map.of("name", "FLOTILLA_INDEX_PASSWORD",
                "value", "/flotilla/builds/" + buildId + "/index-password", "type", "PARAMETER_STORE"));
        String buildspec = (String) start.get("buildspecOverride");
        assertThat(buildspec).contains("--secret id=index_password,env=FLOTILLA_INDEX_PASSWORD");
        assertThat(writtenFiles(buildspec).get("context/Dockerfile"))
                .contains("--mount=type=secret,id=index_password,required=true")
                .contains("UV_INDEX='private=https://pypi.corp.example/simple'").contains("UV_INDEX_PRIVATE_USERNAME='builder'");
        List<String> everything = MOTO.recording();
        assertThat(everything.stream().filter(r -> !r.contains("AmazonSSM.PutParameter")))
                .as("no request but the SSM parameter's own creation carries the password").noneMatch(r -> r.contains(canary)
                        || r.contains(Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8))));
        assertThat(String.join("\n", log)).doesNotContain(canary);
        assertThat(index.toString()).doesNotContain(canary);
        assertThatThrownBy(() -> raw.ssm(MotoServer.REGION).getParameter(r -> r.name("/flotilla/builds/" + buildId + "/index-password")))
                .as("deleted when the build is over").isInstanceOf(ParameterNotFoundException.class);
        assertThat(operations("PutParameter")).singleElement().satisfies(put -> assertThat(body(put))
                .containsEntry("Type", "SecureString").containsKey("Tags"));
    }

    @Test
    void aBuildResumedAfterACrashFollowsTheCodeBuildBuildItStartedInsteadOfStartingAnother() throws Exception {
        UUID buildId = UUID.randomUUID();
        BuildRequest request = request(buildId, "1".repeat(64), spec(List.of("pandas==2.2.3")), null, none());
        faults.crashOnNextPolls(1);
        assertThatThrownBy(() -> builder.build(request, buildLog)).hasMessageContaining("injected crash");

        BuiltArtifact artifact = builder.build(request, buildLog);

        assertThat(artifact.reference()).endsWith(":" + "1".repeat(64));
        assertThat(operations("StartBuild")).as("one CodeBuild build for one Flotilla build").hasSize(1);
        assertThat(log).anyMatch(l -> l.startsWith("[flotilla] Following CodeBuild build " + BuildProjects.NAME + ":"));
    }

    @Test
    void checkRefusesWhatTheBuilderCannotBuildWithASentence() {
        assertThatThrownBy(() -> builder.check(new EnvironmentSpec(List.of(), new CondaSpec(List.of("conda-forge"), List.of("numpy")),
                null, "3.11", "x86_64", false, List.of()))).isInstanceOf(ServiceException.class).hasMessageContaining("conda");
        assertThatThrownBy(() -> builder.check(new EnvironmentSpec(List.of("--index-url https://evil.example/simple"), null,
                null, "3.11", "x86_64", false, List.of()))).isInstanceOf(ServiceException.class).hasMessageContaining("--index-url");
        assertThatThrownBy(() -> builder.check(new EnvironmentSpec(List.of("numpy"), null, null, "3.11", "riscv64", false,
                List.of()))).isInstanceOf(ServiceException.class).hasMessageContaining("x86_64 or arm64");
        assertThatThrownBy(() -> builder.check(new EnvironmentSpec(List.of(), null, "bad image'; rm -rf /", "3.11", "x86_64",
                false, List.of()))).isInstanceOf(ServiceException.class).hasMessageContaining("not a container image reference");
        assertThatThrownBy(() -> builder.check(new EnvironmentSpec(List.of(), null, null, "3.11", "x86_64", false,
                List.of(new WheelRef("../evil.whl", "0".repeat(64)))))).isInstanceOf(ServiceException.class);
        builder.check(new EnvironmentSpec(List.of("numpy>=2", "pandas[parquet]==2.2.3"), null, "ghcr.io/acme/base:1.2", "3.11", "x86_64", true, List.of()));
    }

    @Test
    void withoutAServiceRoleEverySpecIsRefusedBeforeAnythingIsStored() {
        AwsBuildConfig unconfigured = new AwsBuildConfig();
        AwsImageBuilder noRole = new AwsImageBuilder(accounts, clients, new CloudWatchLogGroups(clients), () -> APPLIANCE,
                unconfigured, Clock.systemUTC(), () -> ApplianceRuntime.fromClasspath(getClass().getClassLoader()));
        assertThatThrownBy(() -> noRole.check(spec(List.of("pandas==2.2.3")))).isInstanceOf(ServiceException.class)
                .hasMessageContaining("no CodeBuild service role is configured");
    }

    @Test
    void deleteRemovesTheImageFromItsRepository() throws Exception {
        BuiltArtifact artifact = builder.build(request(UUID.randomUUID(), "9".repeat(64), spec(List.of("pandas==2.2.3")), null,
                none()), buildLog);
        EcrClient ecr = raw.ecr(MotoServer.REGION, raw.defaultCredentials());
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":2,\"digest\":\"sha256:"
                + "0".repeat(64) + "\"},\"layers\":[]}";
        ecr.putImage(r -> r.repositoryName("flotilla/team-a").imageTag("9".repeat(64)).imageManifest(manifest));

        builder.delete(artifact);

        assertThat(ecr.describeImages(r -> r.repositoryName("flotilla/team-a")).imageDetails()).isEmpty();
    }

    private List<String> operations(String name) throws IOException, InterruptedException {
        return MOTO.recording().stream().filter(r -> r.matches(".*\"[Xx]-[Aa]mz-[Tt]arget\": \"[A-Za-z0-9_.]+\\." + name + "\".*")).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(String recorded) {
        try {
            Map<String, Object> entry = json.readValue(recorded, Map.class);
            String body = (String) entry.get("body");
            if (Boolean.TRUE.equals(entry.get("body_encoded"))) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            return json.readValue(body, Map.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The files the buildspec writes from base64, by path (the wheel as ISO-8859-1 text, to check its zip magic). */
    private static Map<String, String> writtenFiles(String buildspec) {
        Map<String, String> files = new java.util.TreeMap<>();
        Matcher m = BASE64_FILE.matcher(buildspec);
        while (m.find()) {
            byte[] content = Base64.getDecoder().decode(m.group(1));
            files.put(m.group(2), new String(content, m.group(2).endsWith(".whl") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        }
        return files;
    }

    private static EnvironmentSpec spec(List<String> pip) {
        return new EnvironmentSpec(pip, null, null, "3.11", "x86_64", false, List.of());
    }

    private static BuildRequest request(UUID buildId, String hash, EnvironmentSpec spec, PackageIndex index, WheelSource wheels) {
        return new BuildRequest(buildId, hash, spec, WORKSPACE, null, index, wheels);
    }

    private static WheelSource none() {
        return linking(null);
    }

    private static WheelSource linking(String url) {
        return new WheelSource() {
            @Override
            public InputStream open(WheelRef wheel) {
                return new ByteArrayInputStream(new byte[0]);
            }

            @Override
            public String link(WheelRef wheel, Duration validFor) {
                return url;
            }
        };
    }
}
