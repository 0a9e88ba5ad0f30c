package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.telemetry.CallContext;
import com.google.cloud.spanner.Options;

/**
 * Spanner request and transaction tags naming the function, so Spanner's query, read, lock and
 * transaction statistics (SPANNER_SYS.*) say which function issued a call. Format
 * {@code fn=<function>[,op=<operation>]}, at most 50 printable ASCII characters as Spanner requires.
 */
final class SpannerTags {

    private static final int MAX_TAG_LENGTH = 50;

    private SpannerTags() {}

    static String function() {
        return CallContext.function("none");
    }

    /** The transaction tag of a read-write transaction. */
    static Options.ReadQueryUpdateTransactionOption transaction() {
        return Options.tag(clip("fn=" + function()));
    }

    /** The request tag of one read or query. */
    static Options.ReadQueryUpdateTransactionOption request(String operation) {
        return Options.tag(clip("fn=" + function() + ",op=" + operation));
    }

    private static String clip(String tag) {
        String printable = tag.replaceAll("[^\\x20-\\x7E]", "_");
        return printable.length() <= MAX_TAG_LENGTH ? printable : printable.substring(0, MAX_TAG_LENGTH);
    }
}
