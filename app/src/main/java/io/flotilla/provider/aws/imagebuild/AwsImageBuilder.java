package io.flotilla.provider.aws.imagebuild;

import io.flotilla.provider.ApplianceId;
import io.flotilla.environment.builder.BuildFailedException;
import io.flotilla.environment.builder.BuildLog;
import io.flotilla.environment.builder.BuildRequest;
import io.flotilla.environment.builder.BuiltArtifact;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.ImageBuilder;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsAccounts;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.aws.AwsErrors;
import io.flotilla.provider.aws.CloudWatchLogGroups;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.StatusType;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The {@code aws} image builder: builds a software environment's container image with CodeBuild in the
 * workspace's AWS account and pushes it to that account's ECR ({@code flotilla/<workspace>:<build hash>}).
 * The CodeBuild project is made once per account ({@link BuildProjects}), the repository once per workspace
 * ({@link ImageRepositories}); each build carries its generated Dockerfile and buildspec ({@link BuildDockerfile},
 * {@link BuildSpecYaml}) in StartBuild ({@link CodeBuildRuns}). A failed build's own CloudWatch log becomes the
 * build log ({@link CodeBuildLogs}) before {@link BuildFailedException} says what failed. Called again for the
 * same build id (after a crash), it follows the CodeBuild build it started before instead of starting another.
 */
@Singleton
public class AwsImageBuilder implements ImageBuilder {
    public static final String ID = "aws";
    private static final Logger LOG = LoggerFactory.getLogger(AwsImageBuilder.class);
    private final AwsAccounts accounts;
    private final AwsClients clients;
    private final CloudWatchLogGroups logGroups;
    private final Supplier<String> applianceId;
    private final CodeBuildRuns runs;
    private final BuildProjects projects = new BuildProjects();
    private final AwsBuildConfig config;

    @Inject
    public AwsImageBuilder(AwsAccounts accounts, AwsClients clients, CloudWatchLogGroups logGroups, ApplianceId applianceId,
                           AwsBuildConfig config, Clock clock) {
        this(accounts, clients, logGroups, applianceId::value, config, clock,
                () -> ApplianceRuntime.fromClasspath(AwsImageBuilder.class.getClassLoader()));
    }

    /** For tests: any appliance id and bundled runtime (read on the first build). */
    public AwsImageBuilder(AwsAccounts accounts, AwsClients clients, CloudWatchLogGroups logGroups,
                           Supplier<String> applianceId, AwsBuildConfig config, Clock clock, Supplier<ApplianceRuntime> runtime) {
        this.accounts = accounts;
        this.clients = clients;
        this.logGroups = logGroups;
        this.applianceId = applianceId;
        this.config = config;
        this.runs = new CodeBuildRuns(config, clock, runtime, clients);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(EnvironmentSpec spec) {
        AwsBuildRules.check(spec);
        if (config.getServiceRoleArn() == null || config.getServiceRoleArn().isBlank()) {
            // refused before anything is stored (409 not_buildable_here), not after a build was queued
            throw ServiceException.invalid("software", "This appliance cannot build software environment images on AWS:"
                    + " no CodeBuild service role is configured (flotilla.aws.build.service-role-arn, docs/aws.md).");
        }
    }

    @Override
    public BuiltArtifact build(BuildRequest request, BuildLog log) throws BuildFailedException, InterruptedException {
        try {
            AwsBuildRules.check(request.spec());
            if (request.index() != null) {
                AwsBuildRules.checkIndex(request.index());
            }
        } catch (ServiceException e) {
            throw new BuildFailedException(e.getMessage());
        }
        AwsAccountContext account = account(request);
        String owner = applianceId.get();
        CodeBuildClient codebuild = clients.codebuild(account.region(), account.credentials());
        EcrClient ecr = clients.ecr(account.region(), account.credentials());
        Repository repository;
        try {
            String role = ServiceRoles.arnIn(account, config, clients);
            logGroups.ensure(account, BuildProjects.LOG_GROUP, CloudMutations.UNRECORDED);
            if (projects.ensure(account, codebuild, owner, role, runs.timeoutMinutes(), config.getComputeType())) {
                log.append("[flotilla] Created the CodeBuild project " + BuildProjects.NAME + " in " + account.region() + ".");
            }
            ImageRepositories.Ensured ensured = ImageRepositories.ensure(ecr, request.workspace(), owner);
            repository = ensured.repository();
            if (ensured.created()) {
                log.append("[flotilla] Created the ECR repository " + repository.repositoryName() + ".");
            }
        } catch (ServiceException e) {
            throw new BuildFailedException(e.getMessage());
        } catch (SdkException e) {
            throw new BuildFailedException("The image build could not be prepared in AWS account " + account.name()
                    + " (" + account.region() + "): " + AwsErrors.describe(e));
        }
        String image = repository.repositoryUri() + ":" + request.specHash();
        Build finished = runs.run(request, account, codebuild, ecr, repository, image, owner, log);
        if (finished.buildStatus() == StatusType.SUCCEEDED) {
            log.append("[flotilla] Built and pushed " + image + ".");
            return new BuiltArtifact("image", image);
        }
        throw new BuildFailedException(CodeBuildRuns.failure(finished));
    }

    @Override
    public void delete(BuiltArtifact artifact) {
        if (!"image".equals(artifact.kind())) {
            return;
        }
        ImageReference reference = ImageReference.parse(artifact.reference());
        if (reference == null) {
            LOG.warn("Not deleting {}: not an image of a Flotilla ECR repository", artifact.reference());
            return;
        }
        for (AwsAccountContext account : accounts.all()) {
            if (!account.region().equals(reference.region())) {
                continue;
            }
            try {
                if (!reference.accountId().equals(ServiceRoles.accountId(account, clients))) {
                    continue;
                }
                boolean deleted = ImageRepositories.deleteImage(clients.ecr(account.region(), account.credentials()),
                        reference.repository(), reference.tag());
                LOG.info("{} the image {}", deleted ? "Deleted" : "Found no", artifact.reference());
                return;
            } catch (SdkException | ServiceException e) {
                LOG.warn("Could not delete the image {}: {}", artifact.reference(),
                        e instanceof SdkException sdk ? AwsErrors.describe(sdk) : e.getMessage());
                return;
            }
        }
        LOG.warn("Not deleting {}: no AWS account of this appliance holds its registry", artifact.reference());
    }

    private AwsAccountContext account(BuildRequest request) throws BuildFailedException {
        try {
            return accounts.forAccount(request.cloudAccountId());
        } catch (ServiceException e) {
            throw new BuildFailedException(e.getMessage());
        }
    }
}
