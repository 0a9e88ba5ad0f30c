package com.bluemarble.functions.local;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.cloud.function.context.FunctionCatalog;

/** The functions served over HTTP: every bean but the framework's router and queue-triggered ones. */
final class LocalFunctions {
    /** Triggered by an event source, not by callers (the local poller feeds them). */
    static final Set<String> EVENT_TRIGGERED = Set.of("snapshotWriter");

    private LocalFunctions() {}

    static Set<String> httpFunctions(FunctionCatalog catalog) {
        Set<String> names = new TreeSet<>(catalog.getNames(java.util.function.Function.class));
        names.remove("functionRouter");
        names.removeAll(EVENT_TRIGGERED);
        return names;
    }
}
