package com.bluemarble.functions.core.backup;

import java.util.function.Function;

/**
 * A data set besides the economy that a backup includes (player snapshots, leaderboard seasons):
 * the port their adapters implement to be backed up. Each streams its tables like the economy does;
 * it has no read timestamp of Spanner's (an eventually consistent store is copied as it is read).
 */
public interface DatasetExporter {

    /** The name the manifest records, e.g. {@code snapshots}. */
    String dataset();

    void export(Function<TableSpec, EconomyExporter.TableWriter> sinks);
}
