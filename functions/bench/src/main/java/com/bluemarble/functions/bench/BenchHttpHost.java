package com.bluemarble.functions.bench;

import com.bluemarble.functions.app.JsonFunctions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The bench's function host over HTTP: {@code POST /<functionName>} into the same beans the bench
 * calls in-process, with the status each sets (as the local runner and API Gateway answer), so
 * the client library can be measured over real HTTP without a second application context.
 */
final class BenchHttpHost implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);

    BenchHttpHost(BenchEnv env) throws IOException {
        // Headers and body go out in two writes; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(threads);
        server.createContext("/", exchange -> handle(env, exchange));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void handle(BenchEnv env, HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String name = exchange.getRequestURI().getPath().substring(1);
            Function<Message<byte[]>, Message<byte[]>> function = env.catalog.lookup(name);
            int status;
            byte[] answer;
            if (function == null) {
                status = 404;
                answer = ("{\"error\":\"UNKNOWN_FUNCTION\",\"message\":\"no function " + name + "\"}").getBytes();
            } else {
                Message<byte[]> reply =
                        function.apply(MessageBuilder.withPayload(body).build());
                Object code = reply.getHeaders().get(JsonFunctions.STATUS_HEADER);
                status = code instanceof Integer i ? i : 200;
                answer = reply.getPayload();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
