package com.bluemarble.functions.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.UUID;

/**
 * The snapshot part of {@code ./dev up}'s self-check: a snapshot ingested over HTTP, written by
 * the local poller through SQS into DynamoDB, and loaded back.
 */
final class SnapshotSelfCheck {

    private final SelfCheck http;
    private final PrintStream out;

    SnapshotSelfCheck(URI base, PrintStream out) {
        this.http = new SelfCheck(base, out);
        this.out = out;
    }

    /** @return true when the snapshot came back with its version and state */
    boolean run() throws IOException, InterruptedException {
        String player = "hero-" + UUID.randomUUID().toString().substring(0, 6);
        out.println("Self-check (player snapshots: SQS write-behind to DynamoDB):");
        String ingest = "{\"playerId\":\"" + player
                + "\",\"version\":1,\"state\":{\"zone\":\"harbor\",\"pos\":[12,0,-4],\"hp\":90}}";
        SelfCheck.Call accepted = http.post("snapshotIngest", ingest);
        out.printf("  POST /snapshotIngest %s%n    -> %d %s%n", ingest, accepted.status(), accepted.body());
        if (accepted.status() != 202) {
            out.println("Snapshot self-check FAILED: not accepted.");
            return false;
        }
        String load = "{\"playerId\":\"" + player + "\"}";
        long deadline = System.nanoTime() + 30_000_000_000L;
        SelfCheck.Call loaded = http.post("snapshotLoad", load);
        int attempts = 1;
        while (loaded.status() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            loaded = http.post("snapshotLoad", load);
            attempts++;
        }
        out.printf(
                "  POST /snapshotLoad %s%n    -> %d %s (after %d tries: the writer runs behind the queue)%n",
                load, loaded.status(), loaded.body(), attempts);
        boolean ok = loaded.status() == 200
                && loaded.body().contains("\"version\":1")
                && loaded.body().contains("\"harbor\"");
        out.println(ok ? "Snapshot self-check passed." : "Snapshot self-check FAILED: see the answers above.");
        return ok;
    }
}
