package com.bluemarble.functions.core.config;

/** A game config document that must not become current; the message says why. */
public class InvalidGameConfigException extends IllegalArgumentException {
    public InvalidGameConfigException(String message) {
        super(message);
    }

    public InvalidGameConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
