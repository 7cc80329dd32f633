package io.flotilla.provider;

/**
 * All an instance receives at start (like cloud user-data): where the appliance is and a one-time token
 * with which the agent fetches its key material and configuration.
 *
 * @param applianceUrl   base URL of the appliance as seen from the instance
 * @param bootstrapToken one-time secret; never logged, never put on a command line
 */
public record AgentBoot(String applianceUrl, String bootstrapToken) {
    @Override
    public String toString() {
        return "AgentBoot[applianceUrl=" + applianceUrl + ", bootstrapToken=(secret)]";
    }
}
