package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.player.PlayerId;

/**
 * Blob keys are a function of (player, version): a retried ingest or a re-run writer overwrites
 * the same object with the same bytes instead of leaving copies behind.
 */
public final class StateBlobKeys {

    private StateBlobKeys() {}

    public static String state(PlayerId player, long version) {
        return "states/" + player.value() + "/" + version + ".json";
    }

    public static String patch(PlayerId player, long version) {
        return "patches/" + player.value() + "/" + version + ".json";
    }

    /**
     * The prefixes under which every blob of the player lives (states and patches). A player id
     * cannot contain {@code /}, so no other player's blob shares them.
     */
    public static java.util.List<String> prefixesOf(PlayerId player) {
        return java.util.List.of("states/" + player.value() + "/", "patches/" + player.value() + "/");
    }
}
