package io.flotilla.environment;

import java.util.List;

/** Lines of a build log after a position; {@code next} is the position after the last line; {@code finished}: no more will come. */
public record BuildLogPage(List<String> lines, int next, String state, boolean finished) {
}
