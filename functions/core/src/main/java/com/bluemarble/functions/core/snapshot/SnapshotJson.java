package com.bluemarble.functions.core.snapshot;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper of the snapshot path (compact output, duplicate keys rejected), shared with its
 * adapters. Documents are read through {@link ExactJson}, so their numbers round-trip as sent.
 */
public final class SnapshotJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SnapshotJson() {}

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses a stored or queued JSON object; anything else is a {@link MalformedDocumentException}. */
    public static ObjectNode object(byte[] json, String what) {
        try {
            JsonNode node;
            try (JsonParser parser = MAPPER.createParser(json)) {
                parser.nextToken();
                node = ExactJson.read(parser); // numbers exactly as written
                if (parser.nextToken() != null) {
                    throw new MalformedDocumentException(what + " holds more than one JSON value");
                }
            }
            if (node == null || !node.isObject()) {
                throw new MalformedDocumentException(what + " is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (JacksonException e) {
            throw new MalformedDocumentException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static ObjectNode object(String json, String what) {
        return object(json.getBytes(StandardCharsets.UTF_8), what);
    }

    /** Thrown for queued or stored data that cannot be read; never for client input (that is a 400). */
    public static final class MalformedDocumentException extends RuntimeException {
        MalformedDocumentException(String message) {
            super(message);
        }
    }
}
