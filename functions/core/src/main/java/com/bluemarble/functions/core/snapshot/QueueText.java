package com.bluemarble.functions.core.snapshot;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Which text the snapshot queue can carry. SQS accepts only the XML 1.0 characters (#x9, #xA,
 * #xD, #x20-#xD7FF, #xE000-#xFFFD, #x10000-#x10FFFF) in a message body; a lone surrogate is not
 * even encodable as UTF-8. A queued body is compact JSON, which escapes every character below
 * #x20, so the characters a state can hold and the queue cannot carry are exactly: lone
 * surrogates, U+FFFE and U+FFFF. One such message poisons every receive that returns it (moto
 * answers 500 and hides its batch-mates too), so ingest refuses it up front.
 */
public final class QueueText {

    private QueueText() {}

    /** Whether SQS accepts {@code text} verbatim in a message body. */
    public static boolean isCarriable(String text) {
        return firstUncarriable(text) < 0;
    }

    /** The index of the first character SQS refuses in a message body, or -1. */
    public static int firstUncarriable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++; // a pair: a code point in #x10000-#x10FFFF
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xFFFD);
            if (!allowed) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The JSON path ({@code a.b[2]}) of the first key or string in {@code node} that the queue
     * cannot carry once encoded as compact JSON, or null. Characters below #x20 are escaped by
     * the encoding and so are fine here.
     */
    public static String firstUncarriablePath(JsonNode node, String path) {
        if (node.isString()) {
            return uncarriableAfterEscaping(node.asString()) ? path : null;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String fieldPath = path + "." + field.getKey();
                if (uncarriableAfterEscaping(field.getKey())) {
                    return fieldPath;
                }
                String inner = firstUncarriablePath(field.getValue(), fieldPath);
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String inner = firstUncarriablePath(node.get(i), path + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static boolean uncarriableAfterEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                continue; // written as \\uXXXX by the JSON encoder
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                return true;
            }
        }
        return false;
    }
}
