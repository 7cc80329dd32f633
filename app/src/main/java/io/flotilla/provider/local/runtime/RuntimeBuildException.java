package io.flotilla.provider.local.runtime;

/** A step of building the local runtime failed; the message says which and why (details are in build.log). */
public final class RuntimeBuildException extends Exception {
    RuntimeBuildException(String message) {
        super(message);
    }
}
