package com.bluemarble.functions.core.leaderboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps archive files in memory, in the real file format, verifying the checksum on read. */
public final class InMemorySeasonArchive implements SeasonArchive {

    private final Map<SeasonShard, byte[]> files = new HashMap<>();
    private final Map<SeasonShard, String> checksums = new HashMap<>();

    @Override
    public synchronized ArchiveReceipt write(SeasonSnapshot snapshot) {
        byte[] bytes = SeasonArchiveFile.encode(snapshot);
        String sha256 = SeasonArchiveFile.sha256(bytes);
        files.put(snapshot.shard(), bytes);
        checksums.put(snapshot.shard(), sha256);
        return new ArchiveReceipt(
                "memory:" + SeasonArchiveFile.relativePath(snapshot.shard()),
                sha256,
                snapshot.entries().size(),
                bytes.length);
    }

    @Override
    public synchronized Optional<SeasonSnapshot> read(SeasonShard shard) {
        byte[] bytes = files.get(shard);
        if (bytes == null) {
            return Optional.empty();
        }
        if (!SeasonArchiveFile.sha256(bytes).equals(checksums.get(shard))) {
            throw new IllegalStateException("checksum mismatch for " + shard);
        }
        return Optional.of(SeasonArchiveFile.decode(bytes));
    }

    @Override
    public synchronized List<SeasonShard> archived() {
        return List.copyOf(files.keySet());
    }

    @Override
    public ArchiveReceipt replace(SeasonSnapshot snapshot) {
        return write(snapshot); // memory keeps no older versions
    }

    /** Flips one byte of a stored file, to prove reads verify the checksum. */
    public synchronized void corrupt(SeasonShard shard) {
        files.get(shard)[files.get(shard).length / 2] ^= 0x5a;
    }
}
