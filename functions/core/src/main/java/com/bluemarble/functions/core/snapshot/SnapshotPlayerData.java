package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.privacy.PlayerDataStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The snapshot path's part of a player's data rights: the freeze is a mark in the erasure table
 * (ingest and load then answer 410, the writer drops the player's queued messages); the erasure
 * deletes the table item and every claim-checked state and patch with all their versions; the
 * export is the stored snapshot as {@code snapshotLoad} answers it.
 */
public final class SnapshotPlayerData implements PlayerDataStore {

    private final SnapshotTable table;
    private final StateBlobStore blobs;
    private final SnapshotErasures erasures;

    public SnapshotPlayerData(SnapshotTable table, StateBlobStore blobs, SnapshotErasures erasures) {
        this.table = table;
        this.blobs = blobs;
        this.erasures = erasures;
    }

    @Override
    public String name() {
        return "snapshots";
    }

    @Override
    public void freeze(PlayerId player) {
        erasures.mark(player);
    }

    @Override
    public void erase(PlayerId player) {
        SnapshotWriter.purge(player, table, blobs);
    }

    /**
     * {@code {"playerId", "version", "state"}} of the stored snapshot (the state resolved from its
     * claim check), the same fields as {@code snapshotLoad}'s answer; {@code {}} when nothing is
     * stored. Read even for a frozen player (what is still stored is still theirs).
     */
    @Override
    public Map<String, Object> export(PlayerId player) {
        Map<String, Object> export = new LinkedHashMap<>();
        table.find(player).ifPresent(stored -> {
            export.put("playerId", player.value());
            export.put("version", stored.version());
            export.put("state", SnapshotJson.MAPPER.convertValue(stored.state().resolve(blobs), Map.class));
        });
        return export;
    }
}
