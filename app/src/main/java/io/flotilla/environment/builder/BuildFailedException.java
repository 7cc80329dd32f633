package io.flotilla.environment.builder;

/** A build that failed; message is one sentence for users; the installer's own output is already in the BuildLog. */
public class BuildFailedException extends Exception {
    public BuildFailedException(String message) {
        super(message);
    }
}
