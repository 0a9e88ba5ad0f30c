package com.bluemarble.functions.emulators;

/** An emulator could not be started or reached; the message says what to install or set. */
public final class EmulatorUnavailableException extends RuntimeException {
    public EmulatorUnavailableException(String message) {
        super(message);
    }

    public EmulatorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
