package com.bluemarble.functions.core.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TerrainServiceTest {

    private final InMemoryTerrainStore store = new InMemoryTerrainStore();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final TerrainService terrain = new TerrainService(store, Set.of("earth"), 1024, 4, pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static void assertError(Runnable call, ErrorKind kind, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    /** Issue 11 item 8: a huge or non-ASCII ifMatch is a 400 before the store is asked (S3 answered 431 -> 500). */
    @Test
    void anIfMatchThatCannotBeAnEtagIsInvalidBeforeTheStore() {
        ChunkAddress address = new ChunkAddress("earth", 0, 1, 1);
        String etag = terrain.put(address, new byte[] {1}, null);
        for (String bad : new String[] {"\"" + "a".repeat(70_000) + "\"", "\"abc\ndef\"", "\"\u00e9t\u00e9\"", "a b"}) {
            assertError(() -> terrain.put(address, new byte[] {2}, bad), ErrorKind.INVALID, "INVALID_FIELD");
        }
        assertThat(terrain.get(address).etag()).isEqualTo(etag);
        assertThat(terrain.put(address, new byte[] {3}, etag)).isNotEqualTo(etag);
    }

    @Test
    void badAddressesAreInvalid() {
        assertError(() -> new ChunkAddress("Earth", 0, 0, 0), ErrorKind.INVALID, "INVALID_WORLD");
        assertError(() -> new ChunkAddress("earth/x", 0, 0, 0), ErrorKind.INVALID, "INVALID_WORLD");
        assertError(() -> new ChunkAddress("earth", 8, 0, 0), ErrorKind.INVALID, "INVALID_LOD");
        assertError(() -> new ChunkAddress("earth", -1, 0, 0), ErrorKind.INVALID, "INVALID_LOD");
        assertError(
                () -> new ChunkAddress("earth", 0, ChunkAddress.MAX_COORDINATE + 1, 0),
                ErrorKind.INVALID,
                "INVALID_COORDINATE");
        assertError(
                () -> new ChunkAddress("earth", 0, 0, ChunkAddress.MIN_COORDINATE - 1),
                ErrorKind.INVALID,
                "INVALID_COORDINATE");
        assertError(() -> ChunkAddress.of("earth", 0, null, 0), ErrorKind.INVALID, "MISSING_FIELD");
        assertThat(new ChunkAddress("earth", 7, ChunkAddress.MIN_COORDINATE, ChunkAddress.MAX_COORDINATE).lod())
                .isEqualTo(7);
    }

    @Test
    void unknownWorldOversizedAndEmptyChunks() {
        assertError(
                () -> terrain.put(new ChunkAddress("mars", 0, 0, 0), new byte[1], null),
                ErrorKind.NOT_FOUND,
                "UNKNOWN_WORLD");
        assertError(() -> terrain.get(new ChunkAddress("mars", 0, 0, 0)), ErrorKind.NOT_FOUND, "UNKNOWN_WORLD");
        assertError(
                () -> terrain.put(new ChunkAddress("earth", 0, 0, 0), new byte[1025], null),
                ErrorKind.INVALID,
                "CHUNK_TOO_LARGE");
        assertError(
                () -> terrain.put(new ChunkAddress("earth", 0, 0, 0), new byte[0], null),
                ErrorKind.INVALID,
                "EMPTY_CHUNK");
        assertError(() -> terrain.get(new ChunkAddress("earth", 0, 0, 0)), ErrorKind.NOT_FOUND, "UNKNOWN_CHUNK");
        terrain.put(new ChunkAddress("earth", 0, 0, 0), new byte[1024], null);
    }

    @Test
    void regionsAreBoundedAndReadWithBoundedConcurrency() {
        assertError(() -> new ChunkRegion("earth", 0, 0, 0, 16, 15), ErrorKind.INVALID, "REGION_TOO_LARGE");
        assertError(() -> new ChunkRegion("earth", 0, 5, 0, 4, 0), ErrorKind.INVALID, "INVALID_REGION");
        for (int x = 0; x < 10; x += 2) {
            terrain.put(new ChunkAddress("earth", 0, x, 1), new byte[] {(byte) x}, null);
        }
        store.readDelayMillis(20);
        var chunks = terrain.region(new ChunkRegion("earth", 0, 0, 0, 9, 2));
        assertThat(chunks).extracting(c -> c.address().x()).containsExactly(0, 2, 4, 6, 8);
        assertThat(store.maxConcurrentReads()).isBetween(2, 4);
    }
}
