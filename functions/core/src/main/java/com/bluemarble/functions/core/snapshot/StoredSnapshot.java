package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.economy.PlayerId;

/** A player's snapshot as the table keeps it: the version and the state (inline or a blob key). */
public record StoredSnapshot(PlayerId playerId, long version, StateDocument state) {
}
