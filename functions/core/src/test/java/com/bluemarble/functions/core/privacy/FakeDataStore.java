package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link PlayerDataStore} in memory that records every call (in one log shared by the stores of a
 * test) and can be told to fail calls: before the effect (the store was down) or after it (the process
 * died before the step was recorded).
 */
final class FakeDataStore implements PlayerDataStore {

    /** Which calls fail: asked with the index of the call in the shared log. */
    interface Faults {
        Fault at(int call);
    }

    enum Fault {
        NONE,
        BEFORE,
        AFTER
    }

    static final class CrashException extends RuntimeException {
        CrashException(String message) {
            super(message);
        }
    }

    private final String name;
    private final List<String> calls;
    private final Faults faults;
    final Map<PlayerId, Map<String, Object>> data = new TreeMap<>();
    final Set<PlayerId> frozen = new HashSet<>();
    final List<String> writesRefused = new ArrayList<>();

    FakeDataStore(String name, List<String> calls, Faults faults) {
        this.name = name;
        this.calls = calls;
        this.faults = faults;
    }

    @Override
    public String name() {
        return name;
    }

    /** A write of the game: refused once the player is frozen. */
    synchronized boolean write(PlayerId player, String key, Object value) {
        if (frozen.contains(player)) {
            writesRefused.add(player + "." + key);
            return false;
        }
        data.computeIfAbsent(player, p -> new LinkedHashMap<>()).put(key, value);
        return true;
    }

    @Override
    public synchronized void freeze(PlayerId player) {
        call("freeze " + player, () -> frozen.add(player));
    }

    @Override
    public synchronized void erase(PlayerId player) {
        call("erase " + player, () -> data.remove(player));
    }

    @Override
    public synchronized Map<String, Object> export(PlayerId player) {
        Map<String, Object> held = new LinkedHashMap<>();
        call("export " + player, () -> held.putAll(data.getOrDefault(player, Map.of())));
        return Map.of("player", player.value(), "data", held);
    }

    private void call(String what, Runnable effect) {
        int index;
        synchronized (calls) {
            index = calls.size();
            calls.add(name + ": " + what);
        }
        Fault fault = faults.at(index);
        if (fault == Fault.BEFORE) {
            throw new CrashException(name + " is down (" + what + ")");
        }
        effect.run();
        if (fault == Fault.AFTER) {
            throw new CrashException("the process died after " + name + ": " + what);
        }
    }
}
