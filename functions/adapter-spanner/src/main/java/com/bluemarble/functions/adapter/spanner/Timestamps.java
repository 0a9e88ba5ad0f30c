package com.bluemarble.functions.adapter.spanner;

import com.google.cloud.Timestamp;
import java.time.Instant;

final class Timestamps {
    private Timestamps() {}

    static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
