package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One queued snapshot: a full state at {@code version}, or (when {@code baseVersion} is set) a
 * JSON Merge Patch that turns the state at {@code baseVersion} into the state at {@code version}.
 * On the queue it is a JSON body:
 * <pre>
 * {"playerId": "p1", "version": 7, "state": {...}}                  full, inline
 * {"playerId": "p1", "version": 7, "stateRef": "states/p1/7.json"}  full, claim check
 * {"playerId": "p1", "version": 8, "baseVersion": 7, "patch": {...}} delta (or "patchRef")
 * </pre>
 */
public record SnapshotMessage(PlayerId playerId, long version, Long baseVersion, StateDocument document) {

    public SnapshotMessage {
        if (version < 1) {
            throw new DomainException(ErrorCode.INVALID_VERSION, "version must be at least 1");
        }
        if (baseVersion != null && (baseVersion < 1 || baseVersion >= version)) {
            throw new DomainException(
                    ErrorCode.INVALID_BASE_VERSION, "baseVersion must be at least 1 and below version");
        }
    }

    public boolean isDelta() {
        return baseVersion != null;
    }

    public String encode() {
        ObjectNode body = SnapshotJson.NODES.objectNode();
        body.put("playerId", playerId.value());
        body.put("version", version);
        if (isDelta()) {
            body.put("baseVersion", baseVersion);
        }
        String field = isDelta() ? "patch" : "state";
        if (document.isStored()) {
            body.put(field + "Ref", document.blobKey());
        } else {
            body.set(field, document.inline());
        }
        return SnapshotJson.text(body);
    }

    /**
     * Reads a queued body. Anything unreadable throws {@link MalformedMessageException}: such a
     * message can never succeed and ends in the dead-letter queue.
     */
    public static SnapshotMessage decode(String body) {
        if (body == null) {
            throw new MalformedMessageException("the message has no body");
        }
        try {
            ObjectNode json = SnapshotJson.object(body, "the message body");
            PlayerId player = PlayerId.of(text(json, "playerId"));
            long version = number(json, "version");
            Long baseVersion = json.has("baseVersion") ? number(json, "baseVersion") : null;
            String field = baseVersion == null ? "state" : "patch";
            StateDocument document;
            if (json.get(field) != null && json.get(field).isObject()) {
                document = StateDocument.inline((ObjectNode) json.get(field));
            } else if (json.get(field + "Ref") != null
                    && json.get(field + "Ref").isString()) {
                document = StateDocument.stored(json.get(field + "Ref").asString());
            } else {
                throw new MalformedMessageException("no " + field + " object and no " + field + "Ref");
            }
            return new SnapshotMessage(player, version, baseVersion, document);
        } catch (MalformedMessageException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever a body does to the parser, it fails this message alone, never its batch.
            throw new MalformedMessageException(e.getMessage());
        }
    }

    private static String text(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        return node != null && node.isString() ? node.asString() : null;
    }

    private static long number(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new MalformedMessageException(field + " is not an integer");
        }
        return node.asLong();
    }

    /** A queued body that is not a snapshot message: retrying cannot help. */
    public static final class MalformedMessageException extends RuntimeException {
        public MalformedMessageException(String message) {
            super(message);
        }
    }
}
