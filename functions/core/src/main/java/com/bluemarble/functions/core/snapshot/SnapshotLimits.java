package com.bluemarble.functions.core.snapshot;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bounds of the snapshot path.
 *
 * @param maxDocumentBytes largest state (or patch), measured as compact UTF-8 JSON; larger is a 400
 * @param claimCheckBytes documents larger than this travel through the blob store and the message
 *        (and the table item) carry only its key: SQS messages and DynamoDB items are capped at a
 *        few hundred KiB
 * @param maxSnapshotsPerRequest cap on the batch form of {@code snapshotIngest}
 * @param economyKeys top-level keys of a state or patch that name economic data, compared
 *        case-insensitively; such a snapshot is a 400, because currency and items live only in Spanner
 */
public record SnapshotLimits(
        long maxDocumentBytes, long claimCheckBytes, int maxSnapshotsPerRequest, Set<String> economyKeys) {

    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 1024L * 1024L;
    public static final long DEFAULT_CLAIM_CHECK_BYTES = 200L * 1024L;
    public static final int DEFAULT_MAX_SNAPSHOTS_PER_REQUEST = 500;
    public static final Set<String> DEFAULT_ECONOMY_KEYS =
            Set.of("currency", "currencies", "items", "inventory", "wallet", "balance", "balances", "gold", "ledger");

    public SnapshotLimits {
        if (claimCheckBytes <= 0 || maxDocumentBytes <= 0 || maxSnapshotsPerRequest <= 0) {
            throw new IllegalArgumentException("snapshot limits must be positive");
        }
        economyKeys = economyKeys.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static SnapshotLimits defaults() {
        return new SnapshotLimits(
                DEFAULT_MAX_DOCUMENT_BYTES,
                DEFAULT_CLAIM_CHECK_BYTES,
                DEFAULT_MAX_SNAPSHOTS_PER_REQUEST,
                DEFAULT_ECONOMY_KEYS);
    }

    public SnapshotLimits withMaxDocumentBytes(long bytes) {
        return new SnapshotLimits(bytes, claimCheckBytes, maxSnapshotsPerRequest, economyKeys);
    }

    public SnapshotLimits withClaimCheckBytes(long bytes) {
        return new SnapshotLimits(maxDocumentBytes, bytes, maxSnapshotsPerRequest, economyKeys);
    }

    public boolean isEconomyKey(String key) {
        return economyKeys.contains(key.toLowerCase(Locale.ROOT));
    }
}
