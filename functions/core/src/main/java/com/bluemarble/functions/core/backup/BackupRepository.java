package com.bluemarble.functions.core.backup;

import java.util.List;
import java.util.Optional;

/** Where backups are kept (an S3 bucket in production). */
public interface BackupRepository {

    /**
     * Opens a new part of {@code table}; rows are compressed and uploaded as they come (never the
     * whole part in memory). {@link PartWriter#finish()} completes the upload and returns its info.
     */
    PartWriter openPart(String backupId, String dataset, TableSpec table, int partNumber);

    /**
     * Opens part {@code partNumber} of {@code table} written by {@code unit} of a partitioned backup
     * ({@code .../<dataset>/<table>/<unit>-part-00001.ndjson.gz}). A unit not recorded done is redone
     * whole, so opening a part that exists replaces it; a unit recorded done is never opened again.
     */
    PartWriter openPart(String backupId, String dataset, TableSpec table, String unit, int partNumber);

    /**
     * Stores a backup's plan before any of its parts (create-if-absent); returns the stored plan,
     * which is the earlier one when there was one.
     */
    ExportPlan writePlan(ExportPlan plan);

    /** The plan of a backup started with it (complete or not). */
    Optional<ExportPlan> plan(String backupId);

    /** Records a unit complete: written after every part it lists is stored. */
    void writeUnitDone(String backupId, UnitDone done);

    /** The units recorded complete so far. */
    List<UnitDone> unitsDone(String backupId);

    interface PartWriter extends RowSink {
        long rowsWritten();

        /** Stored bytes so far (compressed), to decide when to start the next part. */
        long bytesWritten();

        PartInfo finish();

        /** Gives up the part (e.g. the export failed): nothing of it stays stored. */
        void abort();
    }

    /** Writes the manifest: the backup exists from now on. */
    void writeManifest(Manifest manifest);

    Optional<Manifest> manifest(String backupId);

    /** Every complete backup (one with a manifest), newest first. */
    List<Manifest> list();

    /**
     * Reads a part as stored, checking its bytes and rows against {@code part} and every row
     * against {@code table}; returns a handle that pins exactly the bytes verified.
     *
     * @throws BackupCorruptException when the part is missing, its SHA-256, size or row count
     *         differs, or a row does not decode
     */
    VerifiedPart verify(PartInfo part, TableSpec table);

    /** A part verified by {@link #verify}: {@link #read} streams exactly those bytes again. */
    interface VerifiedPart {
        PartInfo part();

        void read(RowSink rows);
    }
}
