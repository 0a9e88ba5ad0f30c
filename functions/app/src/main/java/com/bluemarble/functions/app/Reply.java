package com.bluemarble.functions.app;

/** A function's answer: an HTTP status and a body that is rendered as JSON. */
public record Reply(int status, Object body) {

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }

    public static Reply accepted(Object body) {
        return new Reply(202, body);
    }
}
