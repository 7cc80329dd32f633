package io.flotilla.environment.sync;

import io.flotilla.environment.builder.EnvironmentSpec;

import java.util.List;

/** The outcome of classifying a manifest: what happens to each package, the issues, and the resulting spec. */
public record Classification(List<ClassifiedPackage> packages, List<SyncIssue> issues, EnvironmentSpec spec) {

    /** The issues that refuse the sync under {@code failOn}. */
    public List<SyncIssue> refusing(FailOn failOn) {
        return issues.stream().filter(i -> failOn.refuses(i.severity())).toList();
    }
}
