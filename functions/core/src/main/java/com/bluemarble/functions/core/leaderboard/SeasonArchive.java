package com.bluemarble.functions.core.leaderboard;

import java.util.List;
import java.util.Optional;

/** Long-term storage of finished seasons (S3 in production), written before Redis lets them expire. */
public interface SeasonArchive {

    /** Stores the snapshot as a compressed, checksummed file; writing the same snapshot again is harmless. */
    ArchiveReceipt write(SeasonSnapshot snapshot);

    /** Reads an archived season shard back, verifying its checksum; empty if it was never archived. */
    Optional<SeasonSnapshot> read(SeasonShard shard);

    /** Every archived season shard. */
    List<SeasonShard> archived();

    /**
     * Replaces the shard's archive with {@code snapshot} (an erasure rewrites a season without the
     * player): a new checksummed file, and every older version of the file is deleted, so the
     * previous content cannot be read or restored from the archive store. Idempotent.
     */
    ArchiveReceipt replace(SeasonSnapshot snapshot);
}
