package io.flotilla.provider.aws.imagebuild;

import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.ResourceTags;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.provider.aws.RecordingInterceptorFactory;
import io.flotilla.provider.aws.TestWheelhouse;
import io.flotilla.provider.aws.VmPlayer;
import io.flotilla.testing.Api;
import io.flotilla.testing.AppTestProperties;
import io.flotilla.testing.PythonScript;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10's aws builder through the engine, against moto: in a workspace bound to an AWS account, software
 * environments created through REST are built by CodeBuild into the workspace's ECR repository (project and
 * repository made once, tagged); a cluster on one runs on instances ({@link VmPlayer}) whose agents are told that
 * image in their bootstrap answer (never in user-data) and pull and run it (a fake {@code docker} first on the
 * VMs' PATH records the calls and runs Dask natively); an injected CodeBuild failure ({@link CodeBuildFaults})
 * fails the environment with CodeBuild's log lines in its build log, and a cluster on it fails naming it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsSoftwareEnvironmentEndToEndTest extends AppTestProperties {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    private static final String ENVS = "/api/v1/workspaces/default/software-environments";
    private static final String CLUSTERS = "/api/v1/workspaces/default/clusters";
    private static final String ROLE = "arn:aws:iam::123456789012:role/flotilla-build";
    private static final String ACCOUNT_SECRET = "account-secret-canary-" + UUID.randomUUID();
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    @Inject
    ApplianceId applianceId;
    @Inject
    CodeBuildFaults faults;
    private VmPlayer vms;
    /** Outside /tmp, which each VM replaces with its own. */
    private Path fakeDocker;

    @Override
    protected Map<String, String> extraProperties() {
        MOTO.startedEndpoint();
        return Map.of("flotilla.agent.install.wheelhouse", TestWheelhouse.dir().toString(),
                RecordingInterceptorFactory.PROPERTY, "true",
                CodeBuildFaultsFactory.PROPERTY, "true",
                "flotilla.aws.endpoint-override", MOTO.endpoint().toString(),
                "flotilla.aws.build.service-role-arn", ROLE,
                "flotilla.aws.build.poll-interval", "200ms",
                "flotilla.clusters.heartbeat-interval", "1s",
                "flotilla.clusters.stop-grace", "5s");
    }

    @AfterAll
    void stopVms() {
        if (vms != null) {
            vms.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void environmentsAreBuiltByCodeBuildAndTheClustersInstancesRunTheImage() throws Exception {
        Ec2Client ec2 = MOTO.clients().ec2(MotoServer.REGION);
        Api admin = new Api(client, ADMIN_TOKEN);
        registerAccount(admin, ec2);

        // two environments: built by CodeBuild into one repository of one project
        Map<String, Object> tables = admin.post(ENVS, Map.of("name", "tables", "pip", List.of("tabulate==0.9.0"))).json();
        Map<String, Object> ready = awaitFinished(admin, "tables");
        assertThat(ready).as(ready.toString()).containsEntry("state", "ready");
        String image = artifact(admin, "tables", tables.get("buildId").toString());
        assertThat(image).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/flotilla/default:" + tables.get("specHash"));
        Map<String, Object> polars = admin.post(ENVS, Map.of("name", "frames", "pip", List.of("polars==1.9.0"))).json();
        assertThat(awaitFinished(admin, "frames")).containsEntry("state", "ready");
        assertThat(artifact(admin, "frames", polars.get("buildId").toString()))
                .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/flotilla/default:" + polars.get("specHash"));

        CodeBuildClient codebuild = MOTO.clients().codebuild(MotoServer.REGION, MOTO.clients().defaultCredentials());
        assertThat(codebuild.listProjects(r -> { }).projects()).as("one CodeBuild project").containsExactly(BuildProjects.NAME);
        assertThat(codebuild.batchGetProjects(r -> r.names(BuildProjects.NAME)).projects()).singleElement()
                .satisfies(p -> assertThat(p.tags()).anySatisfy(t -> {
                    assertThat(t.key()).isEqualTo(ResourceTags.APPLIANCE);
                    assertThat(t.value()).isEqualTo(applianceId.value());
                }));
        assertThat(codebuild.listBuildsForProject(r -> r.projectName(BuildProjects.NAME)).ids()).as("one build each").hasSize(2);
        EcrClient ecr = MOTO.clients().ecr(MotoServer.REGION, MOTO.clients().defaultCredentials());
        List<Repository> repositories = ecr.describeRepositories(r -> { }).repositories();
        assertThat(repositories).as("one repository").extracting(Repository::repositoryName).containsExactly("flotilla/default");
        assertThat(ImageRepositories.tags(ecr, repositories.get(0)))
                .isEqualTo(Map.of(ResourceTags.APPLIANCE, applianceId.value(), ResourceTags.WORKSPACE, "default"));

        // a cluster on "tables": its instances are told the image, pull it and run Dask in it
        Path dockerLog = startVms(ec2);
        PythonScript.Result result = PythonScript.run(Path.of("src/test/resources/e2e/aws_software_cluster.py").toAbsolutePath(),
                clientEnv(), 900, dataDir().resolve("aws-software.out"));
        assertThat(result.exitCode()).as(result.output() + "\nVM problems: " + vms.problems() + "\n" + consoles()).isZero();
        String report = result.output().lines().filter(l -> l.startsWith("E2E-REPORT ")).findFirst().orElseThrow();
        Map<String, Object> computed = ObjectMapper.getDefault().readValue(report.substring(11), Map.class);
        assertThat(computed).containsEntry("sum", 499500);
        assertThat(computed.get("address").toString()).startsWith("tls://127.64.");
        admin.awaitClusterState("default", "aws-soft", "stopped", Duration.ofSeconds(120));

        List<Map<String, Object>> calls = dockerCalls(dockerLog);
        assertThat(calls).as("docker calls of the agents").filteredOn(c -> "pull".equals(argv(c).get(1)))
                .hasSizeGreaterThanOrEqualTo(2).allSatisfy(c -> assertThat(argv(c).subList(1, 3)).containsExactly("pull", image));
        assertThat(calls).as("the agents logged in to the account's registry")
                .anySatisfy(c -> assertThat(argv(c)).contains("login", "123456789012.dkr.ecr.us-east-1.amazonaws.com"));
        assertThat(calls).filteredOn(c -> "run".equals(argv(c).get(1))).as("scheduler and worker ran in the image")
                .hasSizeGreaterThanOrEqualTo(2).allSatisfy(c -> assertThat(argv(c)).contains(image, "/opt/flotilla/env/bin/python"));
        assertThat(vms.userData()).hasSizeGreaterThanOrEqualTo(2).allSatisfy((id, script) -> assertThat(script)
                .as("user-data of " + id).doesNotContain(image, "dkr.ecr", ACCOUNT_SECRET, MotoServer.ACCESS_KEY_ID));
        for (String id : vms.userData().keySet()) {
            assertThat(vms.console(id)).as("console of " + id + ": the agent started Dask in the image")
                    .containsPattern("flotilla-agent: starting dask (scheduler|worker) in " + java.util.regex.Pattern.quote(image));
        }

        // an injected CodeBuild failure: the environment fails with CodeBuild's log; a cluster on it fails naming it
        String stream = "default/injected-failure/codebuild-run";
        var logs = MOTO.clients().logs(MotoServer.REGION, MOTO.clients().defaultCredentials());
        logs.createLogStream(r -> r.logGroupName(BuildProjects.LOG_GROUP).logStreamName(stream));
        long now = System.currentTimeMillis();
        logs.putLogEvents(r -> r.logGroupName(BuildProjects.LOG_GROUP).logStreamName(stream).logEvents(
                e -> e.timestamp(now).message("#9 0.412   x No solution found when resolving dependencies:"),
                e -> e.timestamp(now + 1).message("#9 0.412   `-> Because no-such-package-flotilla-aws was not found in the package registry")));
        faults.failBuilds(BuildProjects.LOG_GROUP, stream);
        Map<String, Object> broken = admin.post(ENVS, Map.of("name", "broken", "pip", List.of("no-such-package-flotilla-aws==1.0"))).json();
        Map<String, Object> failed = awaitFinished(admin, "broken");
        assertThat(failed.get("state")).isEqualTo("failed");
        assertThat(failed.get("failure").toString()).contains("ended FAILED in CodeBuild in its BUILD phase");
        Map<String, Object> log = admin.get(ENVS + "/broken/builds/" + broken.get("buildId") + "/logs").json();
        assertThat((List<String>) log.get("lines")).contains("#9 0.412   x No solution found when resolving dependencies:",
                "#9 0.412   `-> Because no-such-package-flotilla-aws was not found in the package registry");
        assertThat(log).containsEntry("finished", true).containsEntry("state", "failed");
        assertThat(admin.post(CLUSTERS, Map.of("name", "onbroken", "nWorkers", 1, "software", "broken")).status()).isEqualTo(201);
        Map<String, Object> cluster = admin.awaitClusterState("default", "onbroken", "failed", Duration.ofSeconds(120));
        assertThat(cluster.get("reason").toString()).contains("software environment broken:1 could not be built")
                .contains("CodeBuild");
        assertThat(admin.get(CLUSTERS + "/onbroken/events").list()).extracting(e -> e.get("kind")).doesNotContain("instance");
    }

    private void registerAccount(Api admin, Ec2Client ec2) {
        String vpc = ec2.createVpc(b -> b.cidrBlock("127.64.0.0/16")).vpc().vpcId();
        String a = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("127.64.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        Api.Reply registered = admin.post("/api/v1/cloud-accounts", Map.of("name", "moto", "provider", "aws",
                "region", MotoServer.REGION, "subnetIds", List.of(a),
                "credentials", Map.of("mode", "access_keys", "accessKeyId", MotoServer.ACCESS_KEY_ID, "secretAccessKey", ACCOUNT_SECRET)));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        assertThat(admin.put("/api/v1/workspaces/default/cloud-account", Map.of("account", "moto")).status()).isEqualTo(200);
    }

    /** Starts the VM player with a fake docker first on the instances' PATH; returns the file it records calls in. */
    private Path startVms(Ec2Client ec2) throws IOException {
        fakeDocker = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "fake-docker");
        Files.setPosixFilePermissions(fakeDocker, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path cli = fakeDocker.resolve("docker_cli.py");
        Files.copy(Path.of("../client/tests/fake/docker_cli.py").toAbsolutePath(), cli);
        Path docker = fakeDocker.resolve("docker");
        // the agent's own venv on the VM stands for the image's interpreter
        Files.writeString(docker, "#!/bin/sh\nexec /opt/flotilla/venv/bin/python " + cli + " \"$@\"\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rw-r--r--"));
        Path log = fakeDocker.resolve("docker.log");
        vms = new VmPlayer(ec2, applianceId.value(), dataDir().resolve("vms"), Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAINSTANCEROLE0001", "AWS_SECRET_ACCESS_KEY", "instance-role-secret",
                "AWS_DEFAULT_REGION", MotoServer.REGION, "AWS_ENDPOINT_URL", MOTO.endpoint().toString(),
                "FLOTILLA_AGENT_CONNECT_RETRIES", "60", "FAKE_DOCKER_LOG", log.toString(),
                "PATH", fakeDocker + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin")).shareDirectory(fakeDocker).start();
        return log;
    }

    private Map<String, String> clientEnv() {
        return Map.of("FLOTILLA_URL", "http://127.0.0.1:" + server.getPort(), "FLOTILLA_TOKEN", ADMIN_TOKEN,
                "FLOTILLA_WORKSPACE", "default", "FLOTILLA_CONFIG", dataDir().resolve("client.yaml").toString());
    }

    @SuppressWarnings("unchecked")
    private static String artifact(Api admin, String name, String buildId) {
        List<Map<String, Object>> builds = (List<Map<String, Object>>) admin.get(ENVS + "/" + name).json().get("builds");
        return builds.stream().filter(b -> buildId.equals(b.get("id"))).findFirst().orElseThrow().get("artifact").toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> dockerCalls(Path log) throws IOException {
        List<Map<String, Object>> calls = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                calls.add(ObjectMapper.getDefault().readValue(line, Map.class));
            }
        }
        return calls;
    }

    @SuppressWarnings("unchecked")
    private static List<String> argv(Map<String, Object> call) {
        return (List<String>) call.get("argv");
    }

    private String consoles() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String id : vms.userData().keySet()) {
            String console = vms.console(id);
            text.append("---- VM ").append(id).append(" ----\n").append(console, Math.max(0, console.length() - 3000), console.length()).append('\n');
        }
        return text.toString();
    }

    private static Map<String, Object> awaitFinished(Api admin, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            @SuppressWarnings("unchecked")
            Map<String, Object> current = (Map<String, Object>) admin.get(ENVS + "/" + name).json().get("current");
            if (List.of("ready", "failed").contains(current.get("state")) || System.nanoTime() > deadline) {
                return current;
            }
            Thread.sleep(200);
        }
    }
}
