package com.bluemarble.functions.core.backup;

import java.util.List;

/** Receives the rows of one table, one at a time (never all at once). */
public interface RowSink {
    void row(List<Object> values);
}
