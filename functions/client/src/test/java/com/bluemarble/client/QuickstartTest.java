package com.bluemarble.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.client.example.Quickstart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** docs/client.md's example runs against the local host and says what the doc shows. */
class QuickstartTest {

    @Test
    void theDocumentedExampleRuns() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Quickstart.main(new String[] {LocalHost.uri().toString()});
        } finally {
            System.setOut(original);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("trade COMMITTED; ann holds {gold=60}")
                .contains("best 4200, regional rank")
                .contains("marked=20, coalesced=19, flushed=1, sends=1, failedSends=0, dirty=0")
                .contains("audit ok: true");
    }
}
