package com.bluemarble.functions.core.snapshot;

import java.util.List;

/** The durable queue between {@code snapshotIngest} and the batch writer (Amazon SQS in production). */
public interface SnapshotQueue {

    /**
     * Returns only once the queue has acknowledged every message (each is then durable).
     * Otherwise throws a {@code DomainException} of kind UNAVAILABLE; some of the messages may
     * have been enqueued all the same, which is harmless because the writer is version-monotonic.
     */
    void sendAll(List<String> messageBodies);
}
