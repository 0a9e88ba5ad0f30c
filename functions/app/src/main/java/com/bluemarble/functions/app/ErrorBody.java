package com.bluemarble.functions.app;

/** The contract's error shape: {@code {"error": CODE, "message": text}}. */
public record ErrorBody(String error, String message) {}
