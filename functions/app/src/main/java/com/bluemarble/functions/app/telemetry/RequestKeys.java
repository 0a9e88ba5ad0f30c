package com.bluemarble.functions.app.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The identifiers a request carries that are safe and useful in every log line: its idempotency
 * key ({@code grantId}, {@code tradeId}, {@code idempotencyKey}) and the player ids it names.
 * Found by streaming over the field names (nothing else of the body is kept, so a state or a
 * secret never reaches a log line).
 */
public record RequestKeys(String idempotencyKey, List<String> playerIds) {

    public static final RequestKeys NONE = new RequestKeys(null, List.of());

    static final Set<String> IDEMPOTENCY_FIELDS = Set.of("grantId", "tradeId", "idempotencyKey");
    static final int MAX_PLAYER_IDS = 10;
    static final int MAX_ID_LENGTH = 128;
    private static final JsonFactory FACTORY = new JsonFactory();

    /** The keys of a JSON request body; NONE-like when the body is not JSON (the function answers 400). */
    public static RequestKeys of(byte[] body) {
        String idempotencyKey = null;
        List<String> players = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), body)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case PROPERTY_NAME -> {
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            if (name.equals("state") || name.equals("patch")) {
                                parser.skipChildren(); // a player's state is never looked into
                            } else {
                                depth++;
                            }
                        } else if (value == JsonToken.VALUE_STRING
                                && parser.getString().length() <= MAX_ID_LENGTH) {
                            if (depth == 1 && idempotencyKey == null && IDEMPOTENCY_FIELDS.contains(name)) {
                                idempotencyKey = parser.getString();
                            } else if (name.equals("playerId")
                                    && depth <= 3
                                    && players.size() < MAX_PLAYER_IDS
                                    && !players.contains(parser.getString())) {
                                players.add(parser.getString());
                            }
                        }
                    }
                    default -> {}
                }
            }
        } catch (RuntimeException e) {
            // not JSON: keep what was found before the error
        }
        return new RequestKeys(idempotencyKey, List.copyOf(players));
    }
}
