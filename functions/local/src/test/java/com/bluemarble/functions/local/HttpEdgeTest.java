package com.bluemarble.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11 items 8 and 9, over raw sockets (so every byte on the wire is the test's): every answer
 * is the contract's JSON error, any Content-Type carries a JSON body, the host binds loopback, and
 * slow clients cannot hold the (deliberately small) worker pool.
 */
class HttpEdgeTest {

    private static LocalRunner.Running running;
    private static int port;

    @BeforeAll
    static void start() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        running = LocalRunner.start(
                0,
                LocalRunner.LOOPBACK,
                "edge-" + UUID.randomUUID().toString().substring(0, 8),
                quiet,
                Map.of(
                        "server.tomcat.threads.max",
                        8,
                        "server.tomcat.threads.min-spare",
                        2,
                        "server.tomcat.connection-timeout",
                        "2s",
                        "bluemarble.local.body-read-timeout",
                        "3s"));
        port = running.baseUri().getPort();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    record Answer(int status, String head, String body) {
        JsonNode json() {
            return JsonFunctions.JSON.readTree(body);
        }
    }

    /** Sends {@code request} as is and reads the answer (the server closes or sends Content-Length). */
    private static Answer exchange(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            if (h.length >= 4 && new String(h, h.length - 4, 4, StandardCharsets.ISO_8859_1).equals("\r\n\r\n")) {
                break;
            }
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int length = -1;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        int status = Integer.parseInt(headText.split(" ", 3)[1]);
        return new Answer(status, headText, new String(body, StandardCharsets.UTF_8));
    }

    private static String post(String path, String contentType, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static void assertContractError(Answer answer, int status, String... codes) {
        assertThat(answer.status()).as(answer.head() + answer.body()).isEqualTo(status);
        assertThat(answer.head().toLowerCase()).contains("content-type: application/json");
        JsonNode json = answer.json();
        assertThat(json.propertyNames()).containsExactlyInAnyOrder("error", "message");
        assertThat(codes).contains(json.get("error").asString());
        assertThat(ErrorCode.valueOf(json.get("error").asString()).httpStatus()).isEqualTo(status);
        assertThat(answer.body()).doesNotContain("<html", "status\":999", "Exception");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "application/x-www-form-urlencoded",
                "*/*",
                "text/plain",
                "application/json; charset=iso-8859-1",
                "garbage",
                ""
            })
    void anyContentTypeCarriesAJsonBody(String contentType) throws IOException {
        Answer answer = exchange(post("/economyAudit", contentType.isEmpty() ? null : contentType, "{}"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().has("error")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void anotherMethodIs405InTheContractShape(String method) throws IOException {
        Answer answer = exchange(method + " /trade HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Length: 2\r\n\r\n{}");
        assertContractError(answer, 405, "METHOD_NOT_ALLOWED");
        assertThat(answer.head()).contains("Allow: POST");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/a%2Fb",
                "/trade%00",
                "/%2e%2e/trade",
                "/../trade",
                "/trade/",
                "/trade;x=1",
                "/trade%20",
                "/tr%C3%A9de",
                "/error",
                "/nosuchfunction",
                "/"
            })
    void anUnservedPathIsAJson400Or404(String path) throws IOException {
        Answer answer = exchange(post(path, "application/json", "{}"));
        assertThat(answer.status()).as(path + " " + answer.body()).isIn(400, 404);
        assertContractError(answer, answer.status(), "INVALID_PATH", "UNKNOWN_FUNCTION", "BAD_HTTP_REQUEST");
    }

    @Test
    void aHugeIfMatchIs400BeforeS3() throws IOException {
        String body = "{\"world\":\"earth\",\"lod\":0,\"x\":3,\"z\":3,\"data\":\"AQ==\",\"ifMatch\":\""
                + "e".repeat(70_000) + "\"}";
        assertContractError(exchange(post("/terrainPut", "application/json", body)), 400, "INVALID_FIELD");
    }

    @Test
    void aWrongTypeNamesTheFieldNotAnInternalClass() throws IOException {
        Answer answer = exchange(post("/trade", null, "{\"tradeId\":\"x\",\"a\":\"ann\",\"b\":{}}"));
        assertContractError(answer, 400, "INVALID_FIELD");
        assertThat(answer.json().get("message").asString()).contains("'a'").doesNotContain("$");
    }

    @Test
    void theHostListensOnLoopbackOnly() {
        Connector connector = ((TomcatWebServer) ((WebServerApplicationContext) running.context()).getWebServer())
                .getTomcat()
                .getConnector();
        assertThat(connector.getProperty("address")).isInstanceOf(InetAddress.class);
        assertThat(((InetAddress) connector.getProperty("address")).isLoopbackAddress())
                .isTrue();
    }

    /** Slow loris: more stalled bodies than worker threads; a normal request is still answered promptly. */
    @Test
    void slowClientsCannotHoldTheWorkersForLong() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) { // 3x the 8 workers
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /economyAudit HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(socket);
            }
            for (int i = 0; i < 24; i++) { // and stalled headers (one byte each)
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.getOutputStream().write('P');
                stalled.add(socket);
            }
            Thread.sleep(500); // let the stalled bodies take the workers
            long started = System.nanoTime();
            Answer normal = exchange(post("/economyAudit", "application/json", "{}"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(normal.status()).isEqualTo(200);
            // Without read bounds each stalled body holds a worker for Tomcat's 60 s default.
            assertThat(took).as("a normal request behind 48 slow clients").isLessThan(Duration.ofSeconds(25));
            Answer dropped = read(stalled.get(0).getInputStream());
            assertContractError(dropped, 400, "REQUEST_TIMEOUT");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyTrickledPastTheTotalBoundIsDropped() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /economyAudit HTTP/1.1\r\nHost: localhost\r\nContent-Length: 60\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < 60; i++) { // one byte per 500 ms: each read is within the 2 s socket timeout
                        out.write(' ');
                        out.flush();
                        Thread.sleep(500);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // closed by the server, or the test is done
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            Answer answer = read(socket.getInputStream());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            trickle.interrupt();
            assertContractError(answer, 400, "REQUEST_TIMEOUT");
            assertThat(took)
                    .as("dropped at the 3 s total bound, not after the 30 s trickle")
                    .isLessThan(Duration.ofSeconds(20));
        }
    }
}
