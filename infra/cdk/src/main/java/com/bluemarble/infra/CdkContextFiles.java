package com.bluemarble.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Context the CDK CLI would pass: {@code cdk.json}'s "context" (feature flags, defaults) overlaid with
 * {@code cdk.context.json} (committed lookups such as availability zones). Used when the app runs without
 * the CLI (infra/synth.sh, tests), so both paths synthesize the same templates.
 */
public final class CdkContextFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CdkContextFiles() {}

    public static Map<String, Object> load(Path cdkAppDir) {
        Map<String, Object> context = new LinkedHashMap<>();
        Path cdkJson = cdkAppDir.resolve("cdk.json");
        Map<String, Object> project = read(cdkJson);
        Object projectContext = project.get("context");
        if (projectContext instanceof Map<?, ?> map) {
            map.forEach((k, v) -> context.put(String.valueOf(k), v));
        }
        Path lookups = cdkAppDir.resolve("cdk.context.json");
        if (Files.isRegularFile(lookups)) {
            context.putAll(read(lookups));
        }
        // What the CLI adds by default: construct paths and asset locations in the template metadata.
        context.putIfAbsent("aws:cdk:enable-path-metadata", true);
        context.putIfAbsent("aws:cdk:enable-asset-metadata", true);
        return context;
    }

    private static Map<String, Object> read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CDK context file " + file, e);
        }
    }
}
