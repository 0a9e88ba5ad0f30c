package com.bluemarble.functions.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.terrain.ChunkConflictException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A DomainException's details are rendered beside {@code error} and {@code message}, byte for byte
 * as the bodies the terrain 409 and the restore mismatches used to build by hand.
 */
class ErrorBodyDetailsTest {

    record Empty() {}

    /** The hand-built bodies these replaced, rendered by the same mapper. */
    record ConflictBody(String error, String message, String etag) {}

    record Report(String backupId, Long rows, List<String> notRestored) {}

    record MismatchBody(String error, String message, Report restore) {}

    private static Message<byte[]> answer(RuntimeException thrown) {
        return JsonFunctions.endpoint("f", Empty.class, 1024, request -> {
                    throw thrown;
                })
                .apply(MessageBuilder.withPayload("{}".getBytes(StandardCharsets.UTF_8))
                        .build());
    }

    private static String body(Message<byte[]> message) {
        return new String(message.getPayload(), StandardCharsets.UTF_8);
    }

    @Test
    void aChunkConflictCarriesTheCurrentEtagAsBefore() {
        Message<byte[]> exists = answer(new ChunkConflictException(ErrorCode.CHUNK_EXISTS, "exists", "\"e1\""));
        assertThat(exists.getHeaders().get(JsonFunctions.STATUS_HEADER)).isEqualTo(409);
        assertThat(body(exists))
                .isEqualTo("{\"error\":\"CHUNK_EXISTS\",\"message\":\"exists\",\"etag\":\"\\\"e1\\\"\"}")
                .isEqualTo(JsonFunctions.JSON.writeValueAsString(new ConflictBody("CHUNK_EXISTS", "exists", "\"e1\"")));

        // The chunk is gone: no etag, as the record with a null field rendered it.
        Message<byte[]> gone = answer(new ChunkConflictException(ErrorCode.VERSION_CONFLICT, "stale", null));
        assertThat(body(gone))
                .isEqualTo("{\"error\":\"VERSION_CONFLICT\",\"message\":\"stale\"}")
                .isEqualTo(JsonFunctions.JSON.writeValueAsString(new ConflictBody("VERSION_CONFLICT", "stale", null)));
    }

    @Test
    void aRestoreMismatchCarriesTheRestoreReportAsBefore() {
        Report report = new Report("20260101T000000Z-0a1b2c3d", null, List.of("leaderboards"));
        Message<byte[]> mismatch = answer(
                new DomainException(ErrorCode.RESTORE_COUNT_MISMATCH, "counts differ", Map.of("restore", report)));
        assertThat(mismatch.getHeaders().get(JsonFunctions.STATUS_HEADER)).isEqualTo(500);
        assertThat(body(mismatch))
                .isEqualTo(JsonFunctions.JSON.writeValueAsString(
                        new MismatchBody("RESTORE_COUNT_MISMATCH", "counts differ", report)));
    }

    @Test
    void withoutDetailsTheBodyIsErrorAndMessage() {
        assertThat(body(answer(new DomainException(ErrorCode.UNKNOWN_CHUNK, "no chunk"))))
                .isEqualTo("{\"error\":\"UNKNOWN_CHUNK\",\"message\":\"no chunk\"}");
    }
}
