package com.bluemarble.functions.core.backup;

import java.util.List;

/**
 * A table as a backup sees it: its name and typed columns, in key order first. Row values are
 * {@code String}, {@code Long}, {@code Boolean}, {@code java.time.Instant} or {@code null}, by column type.
 */
public record TableSpec(String name, List<Column> columns) {

    public enum Type {
        STRING,
        INT64,
        BOOL,
        TIMESTAMP
    }

    public record Column(String name, Type type) {}

    public TableSpec {
        columns = List.copyOf(columns);
    }
}
