package io.flotilla.provider.aws.imagebuild;

import io.flotilla.environment.builder.BuildFailedException;
import io.flotilla.environment.builder.BuildLog;
import io.flotilla.environment.builder.BuildRequest;
import io.flotilla.environment.builder.WheelRef;
import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.aws.AwsErrors;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariableType;
import software.amazon.awssdk.services.codebuild.model.LogsConfigStatusType;
import software.amazon.awssdk.services.codebuild.model.SortOrderType;
import software.amazon.awssdk.services.codebuild.model.StatusType;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One CodeBuild build of a Flotilla build: found again (the repository's build tag, else the project's recent
 * builds by their {@value #BUILD_ID_VARIABLE} variable) or started with the generated buildspec, then watched
 * with BatchGetBuilds until it is over (the SDK has no waiter for builds: a poll every
 * {@code flotilla.aws.build.poll-interval}, bounded by the injected clock), then cleaned up (build tag, index
 * password parameter) and its log copied into the build log.
 */
final class CodeBuildRuns {
    /** The build variable naming the Flotilla build (plain text; visible in BatchGetBuilds). */
    static final String BUILD_ID_VARIABLE = "FLOTILLA_BUILD_ID";
    /** How long a build may wait in CodeBuild's queue. */
    static final int QUEUED_TIMEOUT_MINUTES = 60;
    private static final Pattern LINK = Pattern.compile("https?://[^'\\s\\\\]+");
    private final AwsBuildConfig config;
    private final Clock clock;
    private final Supplier<ApplianceRuntime> runtimeSource;
    private volatile ApplianceRuntime runtime;
    private final AwsClients clients;

    CodeBuildRuns(AwsBuildConfig config, Clock clock, Supplier<ApplianceRuntime> runtime, AwsClients clients) {
        this.config = config;
        this.clock = clock;
        this.runtimeSource = runtime;
        this.clients = clients;
    }

    /** The project's and each build's timeout, in whole minutes (CodeBuild allows 5 to 2160). */
    int timeoutMinutes() {
        return (int) Math.max(5, Math.min(2160, config.getTimeout().toMinutes()));
    }

    /** Runs (or follows) the build to its end; returns CodeBuild's last answer about it. */
    Build run(BuildRequest request, AwsAccountContext account, CodeBuildClient codebuild, EcrClient ecr,
              Repository repository, String image, String owner, BuildLog log) throws BuildFailedException, InterruptedException {
        SsmClient ssm = clients.ssm(account.region(), account.credentials());
        Build finished;
        try {
            String id = ImageRepositories.recordedBuild(ecr, repository, request.buildId());
            if (id == null) {
                id = findInProject(codebuild, request);
            }
            if (id != null) {
                log.append("[flotilla] Following CodeBuild build " + id + ", started for this build before.");
            } else {
                id = start(request, account, codebuild, ssm, image, owner);
                ImageRepositories.recordBuild(ecr, repository, request.buildId(), id, owner);
                log.append("[flotilla] Started CodeBuild build " + id + " of " + image + ".");
            }
            finished = await(codebuild, id, log);
            ImageRepositories.forgetBuild(ecr, repository, request.buildId());
            if (request.index() != null && request.index().password() != null) {
                IndexPasswordParameters.delete(ssm, request.buildId());
            }
        } catch (SdkException e) {
            throw new BuildFailedException("The image build failed to run in CodeBuild (" + account.region() + "): "
                    + AwsErrors.describe(e));
        }
        CodeBuildLogs.copy(clients.logs(account.region(), account.credentials()), finished.logs(), log);
        return finished;
    }

    /** The sentence of a build that did not succeed: its status, and the failed phase with CodeBuild's reason. */
    static String failure(Build build) {
        String status = build.buildStatusAsString();
        BuildPhase failed = build.phases() == null ? null : build.phases().stream()
                .filter(p -> p.phaseStatus() != null && p.phaseStatus() != StatusType.SUCCEEDED).reduce((a, b) -> b).orElse(null);
        String where = failed == null ? "" : " in its " + failed.phaseTypeAsString() + " phase"
                + (failed.contexts() == null || failed.contexts().isEmpty() || failed.contexts().get(0).message() == null ? ""
                : " (" + failed.contexts().get(0).message().strip() + ")");
        return "The image build " + (status == null ? "did not finish" : "ended " + status) + " in CodeBuild" + where
                + "; the installer's output is in the build log.";
    }

    @Nullable
    private String findInProject(CodeBuildClient codebuild, BuildRequest request) {
        List<String> ids = codebuild.listBuildsForProject(r -> r.projectName(BuildProjects.NAME)
                .sortOrder(SortOrderType.DESCENDING)).ids();
        if (ids.isEmpty()) {
            return null;
        }
        String wanted = request.buildId().toString();
        return codebuild.batchGetBuilds(r -> r.ids(ids.subList(0, Math.min(100, ids.size())))).builds().stream()
                .filter(b -> b.environment() != null && b.environment().environmentVariables().stream()
                        .anyMatch(v -> v.name().equals(BUILD_ID_VARIABLE) && wanted.equals(v.value())))
                .map(Build::id).findFirst().orElse(null);
    }

    private String start(BuildRequest request, AwsAccountContext account, CodeBuildClient codebuild, SsmClient ssm,
                         String image, String owner) throws BuildFailedException {
        List<BuildSpecYaml.Download> downloads = new ArrayList<>();
        for (WheelRef wheel : request.spec().wheels()) {
            String link = request.wheels().link(wheel, config.getTimeout().plusMinutes(QUEUED_TIMEOUT_MINUTES));
            if (link == null || !LINK.matcher(link).matches()) {
                throw new BuildFailedException("The uploaded wheel " + wheel.filename() + " has no download link for"
                        + " CodeBuild; package-sync wheels need the appliance's wheel store on S3.");
            }
            downloads.add(new BuildSpecYaml.Download(wheel.filename(), wheel.sha256(), link));
        }
        boolean secret = request.index() != null && request.index().password() != null;
        List<EnvironmentVariable> variables = new ArrayList<>();
        variables.add(variable(BUILD_ID_VARIABLE, request.buildId().toString(), EnvironmentVariableType.PLAINTEXT));
        if (secret) {
            String parameter = IndexPasswordParameters.put(ssm, request.buildId(), request.index().password(), owner);
            variables.add(variable(BuildSpecYaml.INDEX_PASSWORD_VARIABLE, parameter, EnvironmentVariableType.PARAMETER_STORE));
        }
        ApplianceRuntime runtime = runtime();
        String dockerfile = BuildDockerfile.render(request.spec(), config, runtime.wheelName(), request.index());
        String buildspec = BuildSpecYaml.render(new BuildSpecYaml.Inputs(dockerfile,
                BuildDockerfile.requirements(request.spec(), runtime), runtime.wheelName(), runtime.wheel(), downloads,
                image, account.region(), secret));
        boolean arm = "arm64".equals(request.spec().architecture());
        return codebuild.startBuild(r -> r.projectName(BuildProjects.NAME)
                .buildspecOverride(buildspec)
                .environmentVariablesOverride(variables)
                .environmentTypeOverride(arm ? EnvironmentType.ARM_CONTAINER : EnvironmentType.LINUX_CONTAINER)
                .imageOverride(arm ? BuildProjects.ARM_IMAGE : BuildProjects.X86_IMAGE)
                .privilegedModeOverride(true)
                .timeoutInMinutesOverride(timeoutMinutes())
                .queuedTimeoutInMinutesOverride(QUEUED_TIMEOUT_MINUTES)
                .logsConfigOverride(l -> l.cloudWatchLogs(c -> c.status(LogsConfigStatusType.ENABLED)
                        .groupName(BuildProjects.LOG_GROUP).streamName(request.workspace() + "/" + request.buildId())))
        ).build().id();
    }

    /** Polls the build until CodeBuild says it is over, or the clock passes the longest it can take. */
    private Build await(CodeBuildClient codebuild, String id, BuildLog log) throws BuildFailedException, InterruptedException {
        Instant deadline = clock.instant().plus(Duration.ofMinutes(timeoutMinutes() + QUEUED_TIMEOUT_MINUTES + 5));
        String phase = null;
        while (true) {
            List<Build> builds = codebuild.batchGetBuilds(r -> r.ids(id)).builds();
            if (builds.isEmpty()) {
                throw new BuildFailedException("CodeBuild no longer knows the build " + id + " of this image.");
            }
            Build build = builds.get(0);
            if (build.buildStatus() != null && build.buildStatus() != StatusType.IN_PROGRESS) {
                return build;
            }
            if (!Objects.equals(phase, build.currentPhase())) {
                phase = build.currentPhase();
                log.append("[flotilla] CodeBuild build " + id + ": " + phase);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new BuildFailedException("The CodeBuild build " + id + " did not finish within "
                        + (timeoutMinutes() + QUEUED_TIMEOUT_MINUTES) + " minutes.");
            }
            Thread.sleep(config.getPollInterval().toMillis());
        }
    }

    /** The bundled wheel and pins, read from the classpath on first use. */
    private ApplianceRuntime runtime() {
        if (runtime == null) {
            runtime = runtimeSource.get();
        }
        return runtime;
    }

    private static EnvironmentVariable variable(String name, String value, EnvironmentVariableType type) {
        return EnvironmentVariable.builder().name(name).value(value).type(type).build();
    }
}
