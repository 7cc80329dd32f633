package io.flotilla.environment.builder;

/** Builds the artifact of one software environment build. Builders are beans, chosen by id = the workspace's provider id. */
public interface ImageBuilder {
    /** "local", "aws", … (the provider id whose workspaces it serves). */
    String id();

    /** Refuses a spec this builder cannot build with ServiceException.invalid(field, sentence); called before anything is stored. */
    void check(EnvironmentSpec spec);

    /** Runs the build; called again for the same buildId after a crash, so it must be idempotent. */
    BuiltArtifact build(BuildRequest request, BuildLog log) throws BuildFailedException, InterruptedException;

    /** Removes a deleted build's artifact (best effort; logs failures). */
    void delete(BuiltArtifact artifact);
}
