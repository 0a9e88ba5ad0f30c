package com.bluemarble.functions.adapter.s3.backup;

import com.bluemarble.functions.core.backup.TableSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row per line: a JSON object of column name to value. STRING and TIMESTAMP (RFC 3339, UTC,
 * nanoseconds kept) are JSON strings, INT64 a JSON integer (exact: 64-bit), BOOL true/false, NULL null.
 * Decoding is strict: exactly the table's columns, each of its type.
 */
final class NdjsonRows {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private NdjsonRows() {}

    static byte[] encode(TableSpec table, List<Object> values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < table.columns().size(); i++) {
            Object value = values.get(i);
            row.put(table.columns().get(i).name(), value instanceof Instant instant ? instant.toString() : value);
        }
        return JSON.writeValueAsBytes(row);
    }

    /** @throws IllegalArgumentException when the line is not a row of {@code table} */
    static List<Object> decode(TableSpec table, String line) {
        JsonNode row;
        try {
            row = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (row == null || !row.isObject() || row.size() != table.columns().size()) {
            throw new IllegalArgumentException("not a row of " + table.name() + " (expected an object with "
                    + table.columns().size() + " columns)");
        }
        List<Object> values = new ArrayList<>(table.columns().size());
        for (TableSpec.Column column : table.columns()) {
            JsonNode value = row.get(column.name());
            if (value == null) {
                throw new IllegalArgumentException("column " + column.name() + " is missing");
            }
            if (value.isNull()) {
                values.add(null);
                continue;
            }
            switch (column.type()) {
                case STRING -> {
                    require(value.isString(), column);
                    values.add(value.asString());
                }
                case INT64 -> {
                    require(value.isIntegralNumber() && value.canConvertToLong(), column);
                    values.add(value.asLong());
                }
                case BOOL -> {
                    require(value.isBoolean(), column);
                    values.add(value.asBoolean());
                }
                case TIMESTAMP -> {
                    require(value.isString(), column);
                    try {
                        values.add(Instant.parse(value.asString()));
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("column " + column.name() + " is not a timestamp");
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return Collections.unmodifiableList(values);
    }

    private static void require(boolean ok, TableSpec.Column column) {
        if (!ok) {
            throw new IllegalArgumentException("column " + column.name() + " is not a " + column.type());
        }
    }
}
