package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.economy.AuditSnapshot;
import java.time.Instant;
import java.util.function.Function;

/** Reads the whole economy at one timestamp (Cloud Spanner: one read-only transaction). */
public interface EconomyExporter {

    record Exported(Instant readTimestamp, AuditSnapshot audit) {}

    /**
     * Streams every row of every economy table, parents before children, to the sink
     * {@code sinks} opens per table, and computes the audit, all at one read timestamp.
     * The sink of a table is closed (by the caller's {@code TableWriter}) before the next opens.
     */
    Exported export(Function<TableSpec, TableWriter> sinks);

    /** A table's rows going somewhere; {@link #close()} ends the table. */
    interface TableWriter extends RowSink, AutoCloseable {
        @Override
        void close();
    }
}
