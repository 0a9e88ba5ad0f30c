package com.bluemarble.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /_status} as a person sees it: the local stack on the emulators, the page rendered by
 * headless Chromium before and after a few calls, the function's count rising, and a screenshot
 * in {@code target/status-page.png}. Skipped only when Chromium is not installed (CI installs it).
 */
class StatusPageTest {

    private static final Path SCREENSHOT = Path.of("target", "status-page.png");
    private static final Pattern GRANT_CALLS =
            Pattern.compile("data-function=\"grant\"><td class=\"l\">grant</td><td class=\"calls\">(\\d+)</td>");

    private static LocalRunner.Running running;
    private static Path chromium;

    @BeforeAll
    static void start() {
        chromium = findChromium().orElse(null);
        assumeTrue(
                chromium != null,
                "chromium is not installed (apt-get install -y chromium); the status page test needs it");
        running = LocalRunner.start(
                0,
                "status-" + UUID.randomUUID().toString().substring(0, 8),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    static Optional<Path> findChromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Test
    void theStatusPageShowsAFunctionsCountRisingAfterCalls() throws Exception {
        URI page = running.baseUri().resolve("/_status");
        HttpClient http = HttpClient.newHttpClient();
        grant(http, "status-first");
        // Counted although nobody had looked at the page yet.
        int before = grantCalls(chromium(page, "--dump-dom")).orElse(0);
        assertThat(before).as("grant's count before the page's first view").isGreaterThanOrEqualTo(1);

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(running.baseUri().resolve("/grant"))
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"grantId\":\"" + UUID.randomUUID()
                                    + "\",\"playerId\":\"status-" + i + "\",\"currency\":{\"gold\":1}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        String dom = chromium(page, "--dump-dom");
        assertThat(dom).contains("<h1>BlueMarble local status</h1>").contains("Cloud Spanner emulator");
        assertThat(grantCalls(dom).orElse(-1))
                .as("grant's count on the rendered page")
                .isGreaterThanOrEqualTo(before + 3);
        assertThat(dom).contains("player-snapshots").contains("<svg");
        assertThat(dom).doesNotContain("DOWN");

        Files.deleteIfExists(SCREENSHOT);
        chromium(page, "--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1280,1100");
        assertThat(SCREENSHOT).exists();
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }

    private static void grant(HttpClient http, String player) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(running.baseUri().resolve("/grant"))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"grantId\":\"" + UUID.randomUUID()
                                + "\",\"playerId\":\"" + player + "\",\"currency\":{\"gold\":1}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static Optional<Integer> grantCalls(String dom) {
        Matcher matcher = GRANT_CALLS.matcher(dom);
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** Runs headless Chromium on {@code url} in a fresh profile; returns what it printed on stdout. */
    private static String chromium(URI url, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add(url.toString());
        Path output = Files.createTempFile("chromium", ".out");
        Process process = new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS))
                    .as("chromium finished")
                    .isTrue();
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
