package io.flotilla.environment.builder;

/** Installer output of one build, line by line (kept and streamed by the engine). */
public interface BuildLog {
    void append(String line);
}
