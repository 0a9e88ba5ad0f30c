package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Erasure marks in memory; {@link #beforeRead} runs before every read (to freeze "in between"). */
public final class InMemorySnapshotErasures implements SnapshotErasures {

    final Set<PlayerId> marked = new HashSet<>();
    final AtomicInteger reads = new AtomicInteger();
    Runnable beforeRead = () -> {};
    boolean unavailable;

    @Override
    public synchronized void mark(PlayerId player) {
        marked.add(player);
    }

    @Override
    public synchronized Set<PlayerId> marked(Collection<PlayerId> players) {
        beforeRead.run();
        reads.incrementAndGet();
        if (unavailable) {
            throw DomainException.unavailable("the erasure table", new IllegalStateException("made unavailable"));
        }
        Set<PlayerId> found = new HashSet<>(players);
        found.retainAll(marked);
        return found;
    }
}
