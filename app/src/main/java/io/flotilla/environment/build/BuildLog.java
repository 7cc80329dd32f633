package io.flotilla.environment.build;

/** Installer output of one build, line by line (kept and streamed by the engine). */
public interface BuildLog {
    void append(String line);
}
