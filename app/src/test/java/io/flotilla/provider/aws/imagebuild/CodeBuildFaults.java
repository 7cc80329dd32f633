package io.flotilla.provider.aws.imagebuild;

import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsRequest;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.BuildPhaseType;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;
import software.amazon.awssdk.services.codebuild.model.StatusType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only SDK interceptor for what moto's CodeBuild cannot do (its builds always succeed on the first poll):
 * {@link #failBuilds} makes BatchGetBuilds report the build FAILED in its BUILD phase with its log in the given
 * CloudWatch stream; {@link #crashOnNextPolls} makes the next BatchGetBuilds calls throw, as if the appliance died
 * right after StartBuild.
 */
final class CodeBuildFaults implements ExecutionInterceptor {
    private volatile String failGroup;
    private volatile String failStream;
    private final AtomicInteger crashes = new AtomicInteger();

    /** Every following build fails, its log being {@code group}/{@code stream}. */
    void failBuilds(String group, String stream) {
        failGroup = group;
        failStream = stream;
    }

    /** The next {@code n} BatchGetBuilds calls throw. */
    void crashOnNextPolls(int n) {
        crashes.set(n);
    }

    /** Thrown instead of a poll: stands for the appliance's process ending there. */
    static final class Crash extends RuntimeException {
        Crash() {
            super("injected crash before the first poll");
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof BatchGetBuildsRequest && crashes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new Crash();
        }
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (failGroup == null || !(context.response() instanceof BatchGetBuildsResponse response)) {
            return context.response();
        }
        List<Build> failed = new ArrayList<>();
        for (Build build : response.builds()) {
            List<BuildPhase> phases = new ArrayList<>(build.phases().stream()
                    .filter(p -> p.phaseType() != BuildPhaseType.BUILD && p.phaseType() != BuildPhaseType.POST_BUILD
                            && p.phaseType() != BuildPhaseType.UPLOAD_ARTIFACTS && p.phaseType() != BuildPhaseType.COMPLETED)
                    .toList());
            phases.add(BuildPhase.builder().phaseType(BuildPhaseType.BUILD).phaseStatus(StatusType.FAILED)
                    .contexts(PhaseContext.builder().statusCode("COMMAND_EXECUTION_ERROR").message("Error while executing"
                            + " command: docker build --progress=plain -t image context. Reason: exit status 1").build())
                    .build());
            failed.add(build.toBuilder().buildStatus(StatusType.FAILED).currentPhase("COMPLETED").phases(phases)
                    .logs(l -> l.groupName(failGroup).streamName(failStream)).build());
        }
        return response.toBuilder().builds(failed).build();
    }
}
