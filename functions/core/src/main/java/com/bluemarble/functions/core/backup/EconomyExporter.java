package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.economy.audit.AuditPartial;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import java.time.Instant;
import java.util.function.Function;

/**
 * Reads the economy for a partitioned backup, every unit at one timestamp (Cloud Spanner: one
 * read-only transaction per unit, all at the plan's {@code ofReadTimestamp}).
 */
public interface EconomyExporter {

    /**
     * Chooses the read timestamp (now, strongly) and the units at it: the partitions of players the
     * partitioned audit would use, then the tables outside the {@code Players} tree, each read whole.
     *
     * @param backupId recorded in the plan
     */
    ExportPlan plan(String backupId, Instant createdAt, AuditPlan.Sizing sizing);

    /**
     * Streams every row of the unit's tables at {@code readTimestamp}, parents first, to the sink
     * {@code sinks} opens per table (closed before the next opens), and returns the unit's audit
     * partial read at the same timestamp ({@code AuditPartial.EMPTY} for a unit without players).
     */
    AuditPartial export(Instant readTimestamp, ExportUnit unit, Function<TableSpec, TableWriter> sinks);

    /** A table's rows going somewhere; {@link #close()} ends the table. */
    interface TableWriter extends RowSink, AutoCloseable {
        @Override
        void close();
    }
}
