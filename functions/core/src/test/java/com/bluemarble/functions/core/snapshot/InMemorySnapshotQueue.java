package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.error.DomainException;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link SnapshotQueue}: all or nothing, and it can be made unavailable. */
public final class InMemorySnapshotQueue implements SnapshotQueue {

    private final List<String> bodies = new ArrayList<>();
    private boolean unavailable;

    public synchronized void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    @Override
    public synchronized void sendAll(List<String> messageBodies) {
        if (unavailable) {
            throw DomainException.unavailable(
                    "the snapshot queue", new IllegalStateException("made unavailable by the test"));
        }
        bodies.addAll(messageBodies);
    }

    public synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** Takes every queued body out. */
    public synchronized List<String> drain() {
        List<String> drained = List.copyOf(bodies);
        bodies.clear();
        return drained;
    }
}
