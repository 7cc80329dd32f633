package io.flotilla.environment;

import io.flotilla.environment.builder.CondaSpec;
import io.flotilla.environment.builder.EnvironmentSpec;
import io.flotilla.environment.builder.WheelRef;
import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The canonical JSON of a spec (keys in a fixed order) and its SHA-256, the build hash. */
public final class SpecJson {
    private static final ObjectMapper JSON = ObjectMapper.getDefault();

    private SpecJson() {
    }

    public static String write(EnvironmentSpec spec) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("architecture", spec.architecture());
        if (spec.conda() != null) {
            Map<String, Object> conda = new LinkedHashMap<>();
            conda.put("channels", spec.conda().channels());
            conda.put("dependencies", spec.conda().dependencies());
            map.put("conda", conda);
        }
        if (spec.container() != null) {
            map.put("container", spec.container());
        }
        map.put("gpu", spec.gpu());
        map.put("pip", spec.pip());
        map.put("python", spec.python());
        map.put("wheels", spec.wheels().stream().map(w -> {
            Map<String, Object> wheel = new LinkedHashMap<>();
            wheel.put("filename", w.filename());
            wheel.put("sha256", w.sha256());
            return wheel;
        }).toList());
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String hash(EnvironmentSpec spec) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(spec).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static EnvironmentSpec read(String json) {
        try {
            Map<String, Object> map = JSON.readValue(json, Map.class);
            Map<String, Object> conda = (Map<String, Object>) map.get("conda");
            List<Map<String, Object>> wheels = (List<Map<String, Object>>) map.getOrDefault("wheels", List.of());
            return new EnvironmentSpec((List<String>) map.getOrDefault("pip", List.of()),
                    conda == null ? null : new CondaSpec((List<String>) conda.get("channels"), (List<String>) conda.get("dependencies")),
                    (String) map.get("container"), (String) map.get("python"), (String) map.get("architecture"),
                    Boolean.TRUE.equals(map.get("gpu")),
                    wheels.stream().map(w -> new WheelRef((String) w.get("filename"), (String) w.get("sha256"))).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable environment spec", e);
        }
    }
}
