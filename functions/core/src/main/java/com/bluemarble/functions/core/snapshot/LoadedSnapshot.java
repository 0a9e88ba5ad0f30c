package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.player.PlayerId;
import tools.jackson.databind.node.ObjectNode;

/** The answer of {@code snapshotLoad}. */
public record LoadedSnapshot(PlayerId playerId, long version, ObjectNode state) {}
