package com.bluemarble.functions.core.economy.audit;

/**
 * A half-open range of player ids, {@code [from, to)}; {@code from} "" is the start of the key
 * space and {@code to} null its end. Every economic row is interleaved under its player, so a
 * range of players holds every row it needs: a partition checks whole players.
 */
public record PlayerKeyRange(String from, String to) {

    public PlayerKeyRange {
        if (from == null) {
            throw new IllegalArgumentException("from is required (\"\" for the start)");
        }
        if (to != null && to.compareTo(from) <= 0) {
            throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
        }
    }

    public boolean contains(String playerId) {
        return playerId.compareTo(from) >= 0 && (to == null || playerId.compareTo(to) < 0);
    }
}
