package com.bluemarble.client;

import com.bluemarble.functions.local.LocalRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The real local function host (what {@code ./dev up} serves) on the emulators, started once per test JVM. */
final class LocalHost {
    private static LocalRunner.Running running;

    private LocalHost() {}

    static synchronized URI uri() {
        if (running == null) {
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            running = LocalRunner.start(
                    0, "client-" + UUID.randomUUID().toString().substring(0, 8), quiet);
            Runtime.getRuntime().addShutdownHook(new Thread(running::close, "stop-local-host"));
        }
        return running.baseUri();
    }
}
