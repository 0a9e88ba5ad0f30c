package com.bluemarble.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP proxy in front of the local function host that records every request and can fail
 * the next ones at the HTTP layer: a 503 after forwarding (the function ran, the answer is lost),
 * a 503 without forwarding, or a delay past the client's timeout. The server is never mocked.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault {
        /** Forward, discard the answer, answer 503 STORE_UNAVAILABLE. */
        LOSE_ANSWER_503,
        /** Answer 503 STORE_UNAVAILABLE without forwarding. */
        REFUSE_503,
        /** Wait 3 s, then forward and answer (a client with a shorter timeout gives up first). */
        SLOW
    }

    record Seen(String function, String body, int status) {}

    private final HttpServer server;
    private final URI target;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();

    FaultProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized void failNext(Fault... next) {
        faults.addAll(List.of(next));
    }

    synchronized List<Seen> seen(String function) {
        return seen.stream().filter(s -> s.function().equals(function)).toList();
    }

    synchronized void clear() {
        seen.clear();
        faults.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String function = exchange.getRequestURI().getPath().substring(1);
        byte[] body = exchange.getRequestBody().readAllBytes();
        Fault fault;
        synchronized (this) {
            fault = faults.poll();
        }
        int status;
        byte[] answer;
        try {
            if (fault == Fault.SLOW) {
                Thread.sleep(3000);
            }
            if (fault == Fault.REFUSE_503) {
                status = 503;
                answer = unavailable();
            } else {
                HttpResponse<byte[]> forwarded = http.send(
                        HttpRequest.newBuilder(target.resolve("/" + function))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                status = fault == Fault.LOSE_ANSWER_503 ? 503 : forwarded.statusCode();
                answer = fault == Fault.LOSE_ANSWER_503 ? unavailable() : forwarded.body();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 502;
            answer = new byte[0];
        }
        synchronized (this) {
            seen.add(new Seen(function, new String(body, StandardCharsets.UTF_8), status));
        }
        try {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException e) {
            // the client gave up (timeout) before the answer: that is the point of SLOW
        }
    }

    private static byte[] unavailable() {
        return "{\"error\":\"STORE_UNAVAILABLE\",\"message\":\"injected by the test proxy\"}"
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
