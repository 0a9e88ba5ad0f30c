package com.bluemarble.functions.core.snapshot;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Reads a JSON tree whose numbers are stored exactly as sent. Jackson's own tree turns {@code 1e400}
 * into Infinity, {@code 1e-400} into 0.0, {@code 1.00000000000000000001} into 1.0 and {@code -0} into
 * 0; a snapshot state is the game's document, so every number whose text is not the canonical
 * rendering of a 64-bit integer is kept as its original text (a raw value that serializes verbatim),
 * and the state comes back byte for byte.
 */
public final class ExactJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExactJson() {}

    /** The value at the parser's current token (which must be set), numbers exact. */
    public static JsonNode read(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == null) {
            return null;
        }
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    p.nextToken();
                    object.set(name, read(p));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(p));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.stringNode(p.getString());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return number(p, token);
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private static JsonNode number(JsonParser p, JsonToken token) {
        String text = p.getString();
        if (token == JsonToken.VALUE_NUMBER_INT
                && (p.getNumberType() == JsonParser.NumberType.INT
                        || p.getNumberType() == JsonParser.NumberType.LONG)) {
            long value = p.getLongValue();
            if (Long.toString(value).equals(text)) {
                // the common case stays the plain number node Jackson's own tree would hold
                return p.getNumberType() == JsonParser.NumberType.INT
                        ? NODES.numberNode((int) value)
                        : NODES.numberNode(value);
            }
        }
        return NODES.rawValueNode(new RawValue(text));
    }

    /** For JsonNode fields of request records: the same exact reading through any mapper. */
    public static final class Deserializer extends ValueDeserializer<JsonNode> {
        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext context) {
            return read(p);
        }
    }
}
