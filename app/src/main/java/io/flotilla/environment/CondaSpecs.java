package io.flotilla.environment;

import io.flotilla.environment.builder.CondaSpec;
import io.flotilla.error.ServiceException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Conda specs checked strictly: channels are names ({@code conda-forge}, {@code nvidia/label/cuda-12.1.0}) or https
 * URLs of a channel; dependencies are match specs ({@code numpy}, {@code numpy=1.26}, {@code numpy>=1.26,<2},
 * {@code conda-forge::xarray 2024.1.*}). Paths, local files and options are refused.
 */
public final class CondaSpecs {
    static final int MAX_CHANNELS = 16;
    static final int MAX_DEPENDENCIES = 500;
    /** A channel: a name (with up to three /labels) or an https URL, never with "..": Java and OpenAPI alike. */
    public static final String CHANNEL_PATTERN = "^(?!.*\\.\\.)(?:[A-Za-z0-9][A-Za-z0-9._-]{0,62}(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,62}){0,3}"
            + "|https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]+)*/?)$";
    /** A conda match spec (spaces, no tabs): Java and OpenAPI alike. */
    public static final String MATCH_SPEC_PATTERN = "^ *(?:[A-Za-z0-9][A-Za-z0-9._-]*::)?[A-Za-z0-9_][A-Za-z0-9._-]*"
            + "(?: *(?:==|>=|<=|!=|~=|=|<|>)? *[A-Za-z0-9_.*+!-]+(?: *[,|] *(?:==|>=|<=|!=|~=|=|<|>)? *[A-Za-z0-9_.*+!-]+)*"
            + "(?: +[A-Za-z0-9_.*+-]+)?)? *$";
    private static final Pattern CHANNEL = Pattern.compile(CHANNEL_PATTERN);
    private static final Pattern MATCH_SPEC = Pattern.compile(MATCH_SPEC_PATTERN);

    private CondaSpecs() {
    }

    static CondaSpec check(CondaSpec conda) {
        List<String> channels = conda.channels() == null ? List.of() : conda.channels();
        List<String> dependencies = conda.dependencies() == null ? List.of() : conda.dependencies();
        if (channels.isEmpty()) {
            throw ServiceException.invalid("conda.channels", "conda.channels: name at least one channel, such as conda-forge"
                    + " (builds use only the channels given, never a default one).");
        }
        if (channels.size() > MAX_CHANNELS) {
            throw ServiceException.invalid("conda.channels", "conda.channels: at most " + MAX_CHANNELS + " channels.");
        }
        if (dependencies.isEmpty() || dependencies.size() > MAX_DEPENDENCIES) {
            throw ServiceException.invalid("conda.dependencies", "conda.dependencies: give between 1 and "
                    + MAX_DEPENDENCIES + " packages.");
        }
        List<String> checkedChannels = channels.stream().map(CondaSpecs::channel).toList();
        List<String> checkedDependencies = dependencies.stream().map(CondaSpecs::dependency).toList();
        return new CondaSpec(checkedChannels, checkedDependencies);
    }

    private static String channel(String given) {
        String channel = given == null ? "" : given;
        if (channel.length() > 255 || !CHANNEL.matcher(channel).matches()) {
            throw ServiceException.invalid("conda.channels", "conda.channels: '" + abbreviated(channel) + "' is not a conda"
                    + " channel; give a channel name such as conda-forge or nvidia/label/cuda-12.1.0, or an https URL.");
        }
        return channel;
    }

    private static String dependency(String given) {
        String raw = given == null ? "" : given;
        String dependency = raw.strip().replaceAll(" +", " ");
        if (raw.length() > RequirementLines.MAX_LINE || !MATCH_SPEC.matcher(raw).matches()) {
            throw ServiceException.invalid("conda.dependencies", "conda.dependencies: '" + abbreviated(dependency)
                    + "' is not a conda match spec such as numpy, numpy=1.26 or conda-forge::xarray>=2024.1.");
        }
        return dependency;
    }

    static String abbreviated(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
