package io.flotilla.provider;

import java.util.Collection;
import java.util.Map;

/**
 * An optional provider ability: it can tell which of a cluster's instances the cloud itself took away (a Spot VM
 * preempted) and why, after they are gone from {@link ComputeProvider#list}. Offered through
 * {@link ComputeProvider#interruptions()}; the engine then records the reason and replaces the worker instead of
 * counting a failure.
 */
public interface InterruptionReasons {
    /** For those of the given provider instance ids that the cloud took away itself, why; the others are absent. */
    Map<String, String> interrupted(Collection<String> instanceIds);
}
