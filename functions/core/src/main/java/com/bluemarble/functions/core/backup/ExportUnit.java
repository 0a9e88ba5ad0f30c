package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.economy.audit.PlayerKeyRange;
import java.util.List;

/**
 * One independently exported piece of a partitioned backup: read in one read-only transaction at
 * the backup's timestamp, written as its own parts, recorded done once all of them are stored.
 *
 * @param name unique in the backup, part of its parts' keys ({@code players-00003}, {@code table-Listings})
 * @param players the player key range of a partition of the {@code Players} tree (every table
 *                interleaved under {@code Players} read by that range); null = {@code tables} read whole
 * @param tables the unit's tables, parents first
 */
public record ExportUnit(String name, PlayerKeyRange players, List<TableSpec> tables) {

    public ExportUnit {
        tables = List.copyOf(tables);
    }
}
