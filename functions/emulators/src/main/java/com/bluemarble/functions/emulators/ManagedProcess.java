package com.bluemarble.functions.emulators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulator started as a local process in its own session (process group), so stopping it
 * also stops its children (the Spanner gateway forks {@code emulator_main}). A watchdog
 * process kills the group when this JVM dies without running its shutdown hooks (kill -9),
 * so no emulator outlives the test run or the local stack.
 */
final class ManagedProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedProcess.class);

    private final String name;
    private final Process process;
    private final Process watchdog;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Process watchdog, Path logFile) {
        this.name = name;
        this.process = process;
        this.watchdog = watchdog;
        this.logFile = logFile;
    }

    static ManagedProcess start(String name, List<String> command) {
        try {
            Path logFile = Files.createTempFile("bluemarble-" + name + "-", ".log");
            List<String> inOwnSession = new ArrayList<>();
            inOwnSession.add("setsid");
            inOwnSession.addAll(command);
            Process process = new ProcessBuilder(inOwnSession)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            long jvmPid = ProcessHandle.current().pid();
            // setsid execs in place (the child of a JVM is never a group leader), so pid == pgid.
            String group = "-- -" + process.pid();
            String guard = "while kill -0 " + jvmPid + " 2>/dev/null; do sleep 1; done; " + "/usr/bin/kill -s TERM "
                    + group + " 2>/dev/null; sleep 3; /usr/bin/kill -s KILL " + group + " 2>/dev/null";
            Process watchdog = new ProcessBuilder("setsid", "sh", "-c", guard)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            log.debug("started {} (pid {}): {} — log {}", name, process.pid(), command, logFile);
            return new ManagedProcess(name, process, watchdog, logFile);
        } catch (IOException e) {
            throw new EmulatorUnavailableException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Sends SIGKILL to the whole group at once: simulates a crashed server. */
    void kill() {
        signalGroup("KILL");
        waitFor(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            signalGroup("TERM");
            if (!waitFor(Duration.ofSeconds(5))) {
                signalGroup("KILL");
                waitFor(Duration.ofSeconds(5));
            }
        }
        watchdog.destroyForcibly();
        log.debug("stopped {}", name);
    }

    private void signalGroup(String signal) {
        try {
            // "-s SIG -- -PGID" spelled out: procps-ng reads "kill -TERM -PGID" as a signal to -1 (every process).
            new ProcessBuilder("kill", "-s", signal, "--", "-" + process.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
