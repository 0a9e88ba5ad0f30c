package com.bluemarble.infra.config;

/** A configuration problem found before any construct is built: missing context, bad resources.json. */
public class InfraConfigException extends RuntimeException {
    public InfraConfigException(String message) {
        super(message);
    }

    public InfraConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
