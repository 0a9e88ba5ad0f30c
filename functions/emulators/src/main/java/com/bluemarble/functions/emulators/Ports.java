package com.bluemarble.functions.emulators;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Free loopback ports and readiness waits: never a fixed port, so concurrent runs coexist. */
public final class Ports {
    private Ports() {}

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmulatorUnavailableException("no free loopback port: " + e.getMessage(), e);
        }
    }

    public static boolean isOpen(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls until {@code ready} holds; fails early when the process died. */
    static void await(String what, Duration timeout, ManagedProcess process, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new EmulatorUnavailableException(what + " exited during start-up:\n" + process.logTail());
            }
            sleep(Duration.ofMillis(50));
        }
        throw new EmulatorUnavailableException(what + " not ready after " + timeout.toSeconds() + " s"
                + (process == null ? "" : ":\n" + process.logTail()));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorUnavailableException("interrupted", e);
        }
    }
}
