package io.flotilla.environment;

import java.util.List;

/** An environment with all its versions (newest first) and the builds they use. */
public record EnvironmentDetail(EnvironmentView current, List<EnvironmentView> versions, List<BuildView> builds) {
}
