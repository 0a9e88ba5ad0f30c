package com.bluemarble.functions.emulators;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers. {@code BLUEMARBLE_DOCKER=never} skips the probe (and the
 * containers) even where Docker runs; {@code always} makes a missing engine an error.
 */
final class Docker {
    private static final Logger log = LoggerFactory.getLogger(Docker.class);
    private static volatile Boolean available;

    private Docker() {}

    private static boolean dockerConfigured() {
        return System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(
                        java.nio.file.Path.of(System.getProperty("user.home"), ".testcontainers.properties"))
                || java.nio.file.Files.exists(
                        java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
    }

    static boolean isAvailable() {
        Boolean known = available;
        if (known != null) {
            return known;
        }
        String mode = System.getenv().getOrDefault("BLUEMARBLE_DOCKER", "auto");
        boolean answer;
        if ("never".equals(mode)) {
            answer = false;
        } else if ("auto".equals(mode) && !dockerConfigured()) {
            answer = false; // no socket and no DOCKER_HOST: don't make Testcontainers probe (and log errors)
        } else {
            try {
                answer = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                answer = false;
            }
            if (!answer && "always".equals(mode)) {
                throw new EmulatorUnavailableException("BLUEMARBLE_DOCKER=always but no Docker engine answers");
            }
        }
        log.info(
                "Docker engine {}: emulators run {}",
                answer ? "answers" : "does not answer",
                answer ? "as Testcontainers containers" : "as local processes or at named endpoints");
        available = answer;
        return answer;
    }
}
