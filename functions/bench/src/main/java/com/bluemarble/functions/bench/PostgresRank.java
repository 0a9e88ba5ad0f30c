package com.bluemarble.functions.bench;

import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Percentiles;
import com.bluemarble.functions.bench.report.Ratios;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The rank query a user would otherwise write in PostgreSQL: 1,000,000 (player, score) rows, a
 * B-tree index on score, {@code SELECT count(*) + 1 ... WHERE score > (the player's score)}.
 * Uses the PostgreSQL at 127.0.0.1:5432 (database bluemarble_bench, created if missing, nothing
 * else touched); when that does not answer and the PostgreSQL server binaries are installed, a
 * private throw-away instance on a free loopback port (stopped and deleted afterwards); else the
 * figure is reported as skipped.
 */
final class PostgresRank {

    private static final String DATABASE = "bluemarble_bench";

    static void run(Report report, PrintStream log, int rows, int queries, double redisRankP99) {
        String metric = "rank query p99: PostgreSQL COUNT(*) WHERE score > x (indexed, " + String.format("%,d", rows)
                + " rows) vs Redis function";
        PrivateInstance instance = null;
        try {
            String host = "127.0.0.1";
            int port = 5432;
            String where;
            if (reachable(host, port)) {
                where = "PostgreSQL at 127.0.0.1:5432, database " + DATABASE;
            } else {
                instance = PrivateInstance.start(log);
                if (instance == null) {
                    report.add(Row.skipped(
                            metric,
                            Goal.none(),
                            "ms",
                            "PostgreSQL not reachable at 127.0.0.1:5432 and no server binaries to start one"));
                    return;
                }
                port = instance.port;
                where = "private PostgreSQL instance started by the bench on 127.0.0.1:" + port
                        + " (127.0.0.1:5432 did not answer), database " + DATABASE;
            }
            try (Connection admin = DriverManager.getConnection(
                    "jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "")) {
                try (ResultSet exists = admin.createStatement()
                        .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                    if (!exists.next()) {
                        admin.createStatement().execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
            try (Connection db = DriverManager.getConnection(
                    "jdbc:postgresql://" + host + ":" + port + "/" + DATABASE, "postgres", "")) {
                long loadStart = System.nanoTime();
                try (Statement ddl = db.createStatement()) {
                    ddl.execute("DROP TABLE IF EXISTS leaderboard_scores");
                    ddl.execute("CREATE TABLE leaderboard_scores (player_id text PRIMARY KEY, score bigint NOT NULL)");
                    ddl.execute(
                            "INSERT INTO leaderboard_scores SELECT 'p' || g, (random() * 1000000000)::bigint FROM generate_series(1, "
                                    + rows + ") g");
                    ddl.execute("CREATE INDEX leaderboard_scores_score ON leaderboard_scores (score)");
                    ddl.execute("VACUUM ANALYZE leaderboard_scores");
                }
                log.printf(
                        "  PostgreSQL: %,d rows loaded and indexed in %.1f s%n",
                        rows, (System.nanoTime() - loadStart) / 1e9);
                Samples samples = new Samples(queries);
                Random random = new Random(5);
                try (PreparedStatement rank = db.prepareStatement("SELECT count(*) + 1 FROM leaderboard_scores "
                        + "WHERE score > (SELECT score FROM leaderboard_scores WHERE player_id = ?)")) {
                    for (int i = 0; i < 20 + queries; i++) {
                        rank.setString(1, "p" + (1 + random.nextInt(rows)));
                        long start = System.nanoTime();
                        try (ResultSet result = rank.executeQuery()) {
                            result.next();
                            result.getLong(1);
                        }
                        if (i >= 20) {
                            samples.add(System.nanoTime() - start);
                        }
                    }
                }
                Percentiles p = samples.percentiles();
                report.add(Row.of(
                        metric,
                        p.p99Millis(),
                        redisRankP99,
                        Goal.none(),
                        "ms",
                        where + "; " + queries + " queries for random players (index-only scan), p50 "
                                + Ratios.format(p.p50Millis()) + " ms; baseline = leaderboardRank p99 above"));
                try (Statement ddl = db.createStatement()) {
                    ddl.execute("DROP TABLE leaderboard_scores");
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
            report.add(Row.failed(metric, Goal.none(), "ms", e.toString()));
        } finally {
            if (instance != null) {
                instance.stop();
            }
        }
    }

    static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** initdb + pg_ctl as the postgres OS user (the server refuses to run as root) in a temp dir. */
    static final class PrivateInstance {
        final Path dir;
        final int port;
        final Path bin;

        private PrivateInstance(Path dir, int port, Path bin) {
            this.dir = dir;
            this.port = port;
            this.bin = bin;
        }

        static PrivateInstance start(PrintStream log) throws IOException {
            Path bin = findBin();
            if (bin == null) {
                return null;
            }
            Path dir = Files.createTempDirectory("bluemarble-bench-pg-");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), 30);
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            PrivateInstance instance = new PrivateInstance(dir, port, bin);
            instance.asPostgres(
                    root,
                    List.of(
                            bin.resolve("initdb").toString(),
                            "-D",
                            dir.resolve("data").toString(),
                            "-A",
                            "trust",
                            "-U",
                            "postgres",
                            "--no-sync"),
                    120);
            instance.asPostgres(
                    root,
                    List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            dir.resolve("data").toString(),
                            "-w",
                            "-t",
                            "60",
                            "-l",
                            dir.resolve("log").toString(),
                            "-o",
                            "-p " + port + " -h 127.0.0.1 -k " + dir + " -F -c shared_buffers=256MB",
                            "start"),
                    90);
            log.println("  started a private PostgreSQL on 127.0.0.1:" + port + " in " + dir);
            return instance;
        }

        void stop() {
            try {
                asPostgres(
                        "root".equals(System.getProperty("user.name")),
                        List.of(
                                bin.resolve("pg_ctl").toString(),
                                "-D",
                                dir.resolve("data").toString(),
                                "-m",
                                "immediate",
                                "-w",
                                "stop"),
                        60);
            } catch (IOException | RuntimeException e) {
                // best effort; the directory goes below
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temp directory left behind
            }
        }

        private void asPostgres(boolean root, List<String> command, int seconds) throws IOException {
            List<String> full = new ArrayList<>();
            if (root) {
                full.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            full.addAll(command);
            run(full, seconds);
        }

        private static void run(List<String> command, int seconds) throws IOException {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                String output = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(seconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        private static Path findBin() {
            try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.naturalOrder())
                        .orElse(null);
            } catch (IOException e) {
                return null;
            }
        }
    }

    private PostgresRank() {}
}
