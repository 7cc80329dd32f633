package io.flotilla.provider.aws.iam;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** An IAM policy document, serialised with AWS's own element names ({@code Version}, {@code Statement}, ...). */
@Serdeable
public record PolicyDocument(@JsonProperty("Version") String version, @JsonProperty("Statement") List<Statement> statement) {
    /** The only current policy language version. */
    public static final String VERSION = "2012-10-17";

    public PolicyDocument(List<Statement> statement) {
        this(VERSION, List.copyOf(statement));
    }

    /** One statement; {@code Principal} only in trust policies, {@code Resource} only in permission policies. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Statement(@JsonProperty("Sid") String sid,
                            @JsonProperty("Effect") String effect,
                            @JsonProperty("Principal") @Nullable Map<String, String> principal,
                            @JsonProperty("Action") List<String> action,
                            @JsonProperty("Resource") @Nullable List<String> resource,
                            @JsonProperty("Condition") @Nullable Map<String, Map<String, List<String>>> condition) {
        /** An Allow statement of a permission policy. */
        public static Statement allow(String sid, List<String> actions, List<String> resources,
                                      @Nullable Map<String, Map<String, List<String>>> condition) {
            return new Statement(sid, "Allow", null, actions, resources, condition);
        }

        /** An Allow statement of a trust policy. */
        public static Statement trust(String sid, Map<String, String> principal, String action,
                                      @Nullable Map<String, Map<String, List<String>>> condition) {
            return new Statement(sid, "Allow", principal, List.of(action), null, condition);
        }
    }
}
