package com.bluemarble.functions.adapter.spanner;

import java.util.SortedMap;
import java.util.TreeMap;

/** An answer's figures as one column: {@code name=value;name=value} (names and values never hold ';' or '='). */
final class Details {
    private Details() {}

    static String format(SortedMap<String, String> details) {
        StringBuilder text = new StringBuilder();
        details.forEach((name, value) -> {
            if (name.contains(";") || name.contains("=") || value.contains(";")) {
                throw new IllegalArgumentException("detail " + name + " cannot be stored");
            }
            text.append(text.length() == 0 ? "" : ";").append(name).append('=').append(value);
        });
        return text.toString();
    }

    static SortedMap<String, String> parse(String text) {
        SortedMap<String, String> details = new TreeMap<>();
        if (!text.isEmpty()) {
            for (String pair : text.split(";")) {
                int eq = pair.indexOf('=');
                details.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return details;
    }
}
