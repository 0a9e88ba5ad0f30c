package com.bluemarble.functions.emulators;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Independent Redis servers (one per leaderboard shard endpoint): containers when Docker
 * answers, else {@code redis-server} processes on free loopback ports. Never the machine's own
 * Redis on 6379: tests neither depend on nor disturb it.
 */
public final class RedisServers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServers.class);
    static final String IMAGE = "redis:7.0";

    private final List<URI> uris;
    private final List<AutoCloseable> owned;
    private final List<ManagedProcess> processes;

    private RedisServers(List<URI> uris, List<AutoCloseable> owned, List<ManagedProcess> processes) {
        this.uris = List.copyOf(uris);
        this.owned = owned;
        this.processes = processes;
    }

    public static RedisServers start(int count) {
        List<URI> uris = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        List<ManagedProcess> processes = new ArrayList<>();
        String how;
        if (Docker.isAvailable()) {
            for (int i = 0; i < count; i++) {
                GenericContainer<?> container =
                        new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(6379);
                container.start();
                owned.add(container::stop);
                uris.add(URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379)));
            }
            how = "containers " + IMAGE;
        } else {
            String binary = System.getenv().getOrDefault("BLUEMARBLE_REDIS_SERVER", "redis-server");
            for (int i = 0; i < count; i++) {
                RedisProcess server = startProcess(binary);
                processes.add(server.process());
                owned.add(server.process());
                uris.add(URI.create("redis://127.0.0.1:" + server.port()));
            }
            how = "redis-server processes";
        }
        log.info("Redis: {} x {} at {}", count, how, uris);
        return new RedisServers(uris, owned, processes);
    }

    private record RedisProcess(ManagedProcess process, int port) {}

    private static RedisProcess startProcess(String binary) {
        for (int attempt = 1; ; attempt++) {
            int port = Ports.freePort();
            Path dir;
            try {
                dir = Files.createTempDirectory("bluemarble-redis-");
            } catch (IOException e) {
                throw new EmulatorUnavailableException("cannot create a Redis work directory: " + e.getMessage(), e);
            }
            ManagedProcess process;
            try {
                process = ManagedProcess.start(
                        "redis",
                        List.of(
                                binary,
                                "--port",
                                Integer.toString(port),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--dir",
                                dir.toString()));
            } catch (EmulatorUnavailableException e) {
                throw new EmulatorUnavailableException(
                        "No Redis: install redis-server (apt-get install redis-server) or run a Docker engine.", e);
            }
            try {
                Ports.await("redis-server", Duration.ofSeconds(20), process, () -> ping("127.0.0.1", port));
                return new RedisProcess(process, port);
            } catch (EmulatorUnavailableException e) {
                process.close();
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    static boolean ping(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 250);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, 7);
            return read == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    public List<URI> uris() {
        return uris;
    }

    /** Kills server {@code index} abruptly (a shard outage); only for local processes. */
    public void kill(int index) {
        if (processes.isEmpty()) {
            throw new UnsupportedOperationException("kill is only supported for redis-server processes");
        }
        processes.get(index).kill();
    }

    @Override
    public void close() {
        for (AutoCloseable server : owned) {
            try {
                server.close();
            } catch (Exception e) {
                log.warn("stopping Redis: {}", e.toString());
            }
        }
    }
}
