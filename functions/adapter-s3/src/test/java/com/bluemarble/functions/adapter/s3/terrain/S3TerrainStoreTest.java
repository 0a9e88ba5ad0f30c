package com.bluemarble.functions.adapter.s3.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bluemarble.functions.adapter.s3.S3Clients;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.terrain.ChunkAddress;
import com.bluemarble.functions.core.terrain.ChunkConflictException;
import com.bluemarble.functions.core.terrain.ChunkRegion;
import com.bluemarble.functions.core.terrain.StoredChunk;
import com.bluemarble.functions.core.terrain.TerrainService;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Terrain chunks on the AWS emulator (moto here): conditional writes, checksums, layout, the race. */
class S3TerrainStoreTest {

    private static final int MAX = 64 * 1024;
    private static S3Client s3;
    private static String bucket;
    private static S3TerrainStore store;
    private static ExecutorService pool;
    private static TerrainService terrain;

    @BeforeAll
    static void setUp() {
        s3 = S3Clients.emulator();
        bucket = S3Clients.provisionFresh().bucket("bluemarble-terrain");
        store = new S3TerrainStore(s3, bucket, MAX);
        pool = Executors.newFixedThreadPool(8);
        terrain = new TerrainService(store, Set.of("earth"), MAX, 8, pool);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
        s3.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createsReadsAndVerifiesAChunk() {
        ChunkAddress at = new ChunkAddress("earth", 0, -17, 40);
        byte[] data = bytes("height:".repeat(2000));
        String etag = terrain.put(at, data, null);
        StoredChunk read = terrain.get(at);
        assertThat(read.data()).isEqualTo(data);
        assertThat(read.etag()).isEqualTo(etag);
        // Stored compressed, with its codec and checksum in the metadata.
        var head = s3.headObject(r -> r.bucket(bucket).key(ChunkKeys.key(at)));
        assertThat(head.contentLength()).isLessThan(data.length / 10);
        assertThat(head.metadata()).containsEntry("codec", "zstd").containsEntry("sha256", S3TerrainStore.sha256(data));
    }

    @Test
    void createOfAnExistingChunkAndAStaleEtagAreConflictsCarryingTheCurrentEtag() {
        ChunkAddress at = new ChunkAddress("earth", 1, 3, 3);
        String first = terrain.put(at, bytes("v1"), null);
        assertThatThrownBy(() -> terrain.put(at, bytes("v1b"), null))
                .isInstanceOfSatisfying(ChunkConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo("CHUNK_EXISTS");
                    assertThat(e.currentEtag()).isEqualTo(first);
                });
        String second = terrain.put(at, bytes("v2"), first);
        assertThatThrownBy(() -> terrain.put(at, bytes("v3"), first))
                .isInstanceOfSatisfying(ChunkConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo("VERSION_CONFLICT");
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.currentEtag()).isEqualTo(second);
                });
        assertThat(terrain.get(at).data()).isEqualTo(bytes("v2"));
    }

    @Test
    void theEmulatorHonorsConditionalWritesAtTheHttpLevel() {
        // What the store relies on, checked directly: If-None-Match: * and If-Match are enforced (412).
        String key = "probe/conditional";
        String etag = s3.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString("a"))
                .eTag();
        assertThatThrownBy(() ->
                        s3.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString("b")))
                .hasMessageContaining("412");
        s3.putObject(r -> r.bucket(bucket).key(key).ifMatch(etag), RequestBody.fromString("c"));
        assertThatThrownBy(
                        () -> s3.putObject(r -> r.bucket(bucket).key(key).ifMatch(etag), RequestBody.fromString("d")))
                .hasMessageContaining("412");
    }

    /** moto checks If-Match and then writes without a lock: racing writers can both pass there. */
    private static final String NOT_ATOMIC_ON_MOTO =
            "moto's conditional PUT is not atomic (check, then write without a lock); real S3 and LocalStack are";

    private static boolean atomic() {
        return Emulators.aws().hasAtomicConditionalWrites();
    }

    /**
     * Two writers race from the same ETag each round. What the adapter guarantees everywhere: at
     * least one write succeeds, and every refused write is a 409 VERSION_CONFLICT carrying the
     * ETag of the version that won. On an atomic store, exactly one wins.
     */
    @Test
    void twoWritersRacingOnOneChunkEveryLoserGetsTheWinnersEtag() throws Exception {
        ChunkAddress at = new ChunkAddress("earth", 0, 100, 100);
        terrain.put(at, counter(0, "init"), null);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            int rounds = 30;
            for (int round = 1; round <= rounds; round++) {
                StoredChunk read = terrain.get(at);
                long value = ByteBuffer.wrap(read.data()).getLong();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (String writer : List.of("alpha", "beta")) {
                    results.add(writers.submit(() -> {
                        go.await();
                        return terrain.put(at, counter(value + 1, writer), read.etag());
                    }));
                }
                go.countDown();
                List<String> wins = new ArrayList<>();
                List<ChunkConflictException> losses = new ArrayList<>();
                for (Future<String> result : results) {
                    try {
                        wins.add(result.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        losses.add((ChunkConflictException) e.getCause());
                    }
                }
                assertThat(wins).as("round %d winners", round).isNotEmpty();
                for (ChunkConflictException loss : losses) {
                    assertThat(loss.code()).isEqualTo("VERSION_CONFLICT");
                    assertThat(loss.currentEtag()).as("round %d", round).isIn(wins);
                }
                if (atomic()) {
                    assertThat(wins)
                            .as("round %d winners on an atomic store", round)
                            .hasSize(1);
                }
                assertThat(ByteBuffer.wrap(terrain.get(at).data()).getLong()).isEqualTo(value + 1);
            }
        } finally {
            writers.shutdownNow();
        }
    }

    /** Two editors read-increment-write with retries; returns the final counter. */
    private int editConcurrently(ChunkAddress at, int each, List<ChunkConflictException> conflicts, List<String> sent)
            throws Exception {
        terrain.put(at, counter(0, "init"), null);
        ExecutorService editors = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String editor : List.of("alpha", "beta")) {
                done.add(editors.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        while (true) {
                            StoredChunk current = terrain.get(at);
                            long value = ByteBuffer.wrap(current.data()).getLong();
                            try {
                                terrain.put(at, counter(value + 1, editor), current.etag());
                                break;
                            } catch (ChunkConflictException e) {
                                synchronized (conflicts) {
                                    conflicts.add(e);
                                    sent.add(current.etag());
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            editors.shutdownNow();
        }
        return (int) ByteBuffer.wrap(terrain.get(at).data()).getLong();
    }

    /** What the adapter guarantees on any store: every conflict is a 409 with the current ETag, and is retried. */
    @Test
    void twoEditorsIncrementingWithRetriesGetEveryConflictWithTheCurrentEtag() throws Exception {
        List<ChunkConflictException> conflicts = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        int each = 15;
        int last = editConcurrently(new ChunkAddress("earth", 0, 7, -7), each, conflicts, sent);

        for (int i = 0; i < conflicts.size(); i++) {
            assertThat(conflicts.get(i).code()).isEqualTo("VERSION_CONFLICT");
            assertThat(conflicts.get(i).currentEtag()).isNotBlank().isNotEqualTo(sent.get(i));
        }
        assertThat(last).isBetween(each, 2 * each); // both editors finished; moto may lose racing writes
    }

    @Test
    void twoEditorsIncrementingWithRetriesLoseNoUpdateOnAnAtomicStore() throws Exception {
        assumeTrue(atomic(), NOT_ATOMIC_ON_MOTO);
        int each = 15;
        assertThat(editConcurrently(new ChunkAddress("earth", 0, 8, -8), each, new ArrayList<>(), new ArrayList<>()))
                .isEqualTo(2 * each);
    }

    /** A counter followed by the writer's name, so two writers never write identical bytes (identical ETags). */
    private static byte[] counter(long value, String writer) {
        byte[] name = bytes(writer);
        return ByteBuffer.allocate(8 + name.length).putLong(value).put(name).array();
    }

    @Test
    void aTamperedChunkIsReportedCorrupt() {
        ChunkAddress at = new ChunkAddress("earth", 2, 0, 0);
        terrain.put(at, bytes("the real chunk"), null);
        byte[] forged = com.github.luben.zstd.Zstd.compress(bytes("forged chunk!!"));
        s3.putObject(
                r -> r.bucket(bucket)
                        .key(ChunkKeys.key(at))
                        .metadata(Map.of(
                                "codec",
                                "zstd",
                                "raw-size",
                                "14",
                                "sha256",
                                S3TerrainStore.sha256(bytes("the real chunk")))),
                RequestBody.fromBytes(forged));
        assertThatThrownBy(() -> terrain.get(at))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo("CHUNK_CORRUPT"));
    }

    @Test
    void aRegionIsReadInParallelAndListedByItsPrefix() {
        for (int x = 32; x < 36; x++) {
            for (int z = 32; z < 34; z++) {
                terrain.put(new ChunkAddress("earth", 3, x, z), bytes(x + "," + z), null);
            }
        }
        List<StoredChunk> chunks = terrain.region(new ChunkRegion("earth", 3, 31, 31, 36, 34));
        assertThat(chunks).hasSize(8);
        assertThat(chunks)
                .allSatisfy(c -> assertThat(new String(c.data(), StandardCharsets.UTF_8))
                        .isEqualTo(c.address().x() + "," + c.address().z()));
        // 32..35 x 32..33 lie in region (2, 2): one listing finds all of them.
        assertThat(store.listRegion("earth", 3, 2, 2))
                .hasSize(8)
                .allSatisfy(key -> assertThat(key).startsWith(ChunkKeys.regionPrefix("earth", 3, 2, 2)));
        // Neighbouring regions get different leading prefixes.
        assertThat(ChunkKeys.regionPrefix("earth", 3, 2, 2).substring(0, 4))
                .isNotEqualTo(ChunkKeys.regionPrefix("earth", 3, 3, 2).substring(0, 4));
    }

    @Test
    void anUnreachableS3AnswersUnavailableQuickly() {
        URI closed = URI.create("http://127.0.0.1:" + Ports.freePort());
        try (S3Client down = S3Clients.to(closed)) {
            TerrainService offline =
                    new TerrainService(new S3TerrainStore(down, bucket, MAX), Set.of("earth"), MAX, 2, pool);
            Instant start = Instant.now();
            assertThatThrownBy(() -> offline.get(new ChunkAddress("earth", 0, 0, 0)))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        }
    }
}
