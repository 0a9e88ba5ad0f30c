package com.bluemarble.functions.adapter.spanner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The versioned DDL in {@code db/spanner/}, in order. Terraform reads the same files, so the
 * schema exists once. A new version is a new file appended to {@link #MIGRATIONS}.
 */
public final class SpannerSchema {

    public static final List<String> MIGRATIONS =
            List.of("V1__economy.sql", "V2__economy_v2.sql", "V3__audit_jobs.sql", "V4__player_data_rights.sql");

    /**
     * Tables no backup exports and no restore deletes (V4): the record of erasures and exports,
     * and the erased players' freeze marks, which must outlive any restore.
     */
    public static final java.util.Set<String> NOT_BACKED_UP =
            java.util.Set.of("Erasures", "ErasureSteps", "ErasedPlayers", "Exports", "ExportSteps");

    static final String LOCATION = "/db/spanner/";

    private SpannerSchema() {}

    /** Every statement of every migration, comments removed. */
    public static List<String> statements() {
        List<String> statements = new ArrayList<>();
        for (String migration : MIGRATIONS) {
            statements.addAll(parse(read(migration)));
        }
        return statements;
    }

    static List<String> parse(String ddl) {
        String withoutComments =
                ddl.lines().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n"));
        return Arrays.stream(withoutComments.split(";"))
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    private static String read(String migration) {
        try (InputStream in = SpannerSchema.class.getResourceAsStream(LOCATION + migration)) {
            if (in == null) {
                throw new IllegalStateException("missing schema file " + LOCATION + migration);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + migration, e);
        }
    }
}
