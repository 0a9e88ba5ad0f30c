package com.bluemarble.functions.app.telemetry;

import com.bluemarble.functions.core.telemetry.Telemetry;

/** Installs the app's metrics (EMF) and tracing (OpenTelemetry, exported when configured) into the core's ports, once. */
public final class AppTelemetry {

    private static final Object LOCK = new Object();
    private static volatile boolean installed;

    private AppTelemetry() {}

    public static void install() {
        if (!installed) {
            synchronized (LOCK) {
                if (!installed) {
                    Traces.installFromEnvironment();
                    Telemetry.install(EmfMetrics.instance(), new OtelStoreTracing());
                    installed = true;
                }
            }
        }
    }
}
