package com.bluemarble.functions.core.economy.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The partitions of one audit, all read at {@code readTimestamp}: consecutive ranges of player ids
 * that cover the whole key space (the first starts at "", the last is open-ended), so a player
 * added after planning would still fall in exactly one partition.
 */
public record AuditPlan(Instant readTimestamp, long players, List<PlayerKeyRange> partitions) {

    public AuditPlan {
        partitions = List.copyOf(partitions);
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one partition");
        }
    }

    /** How big partitions are: about {@code playersPerPartition}, at most {@code maxPartitions} of them. */
    public record Sizing(int playersPerPartition, int maxPartitions) {
        public Sizing {
            if (playersPerPartition < 1 || maxPartitions < 1) {
                throw new IllegalArgumentException("partition sizing must be positive");
            }
        }

        /** Players per partition for {@code players} in all. */
        public long stride(long players) {
            long fewest = (players + maxPartitions - 1) / maxPartitions;
            return Math.max(playersPerPartition, fewest);
        }
    }

    /**
     * Ranges split at every {@code stride}-th of the {@code players} sorted ids (a boundary is the
     * first id of its partition).
     */
    public static List<PlayerKeyRange> split(long players, Iterator<String> sortedPlayerIds, Sizing sizing) {
        long stride = sizing.stride(players);
        List<String> boundaries = new ArrayList<>();
        long index = 0;
        while (sortedPlayerIds.hasNext()) {
            String id = sortedPlayerIds.next();
            if (index > 0 && index % stride == 0) {
                boundaries.add(id);
            }
            index++;
        }
        return ranges(boundaries);
    }

    /** The ranges that the sorted, distinct boundaries cut the key space into. */
    public static List<PlayerKeyRange> ranges(List<String> boundaries) {
        List<PlayerKeyRange> ranges = new ArrayList<>();
        String from = "";
        for (String boundary : boundaries) {
            ranges.add(new PlayerKeyRange(from, boundary));
            from = boundary;
        }
        ranges.add(new PlayerKeyRange(from, null));
        return ranges;
    }

    /** The boundaries of {@link #partitions()} (the inverse of {@link #ranges}), for storing the plan. */
    public List<String> boundaries() {
        return partitions.stream().skip(1).map(PlayerKeyRange::from).toList();
    }
}
