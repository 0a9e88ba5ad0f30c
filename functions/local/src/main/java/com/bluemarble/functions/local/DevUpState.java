package com.bluemarble.functions.local;

import com.bluemarble.functions.app.JsonFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a running {@code ./dev up} serves and keeps its config, written to
 * {@code target/dev-up/state.json} (relative to the repository root, where {@code ./dev} runs) so
 * tools such as {@code ./dev config publish} find the stack without the user naming ports. Removed
 * when the stack stops; {@code pid} tells a stale file from a live stack.
 */
record DevUpState(
        String baseUrl,
        String awsEndpoint,
        String region,
        String configBucket,
        String configKey,
        long configPollSeconds,
        long pid) {

    static final Path DEFAULT_PATH = Path.of("target", "dev-up", "state.json");

    void write(Path path) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(
                temporary, JsonFunctions.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        Files.move(temporary, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static DevUpState read(Path path) throws IOException {
        return JsonFunctions.JSON.readValue(Files.readAllBytes(path), DevUpState.class);
    }

    boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
