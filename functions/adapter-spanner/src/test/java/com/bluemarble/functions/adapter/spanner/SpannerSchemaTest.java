package com.bluemarble.functions.adapter.spanner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SpannerSchemaTest {

    @Test
    void everyMigrationFileIsListedInOrder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/spanner"))) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".sql"))
                            .sorted())
                    .containsExactlyElementsOf(SpannerSchema.MIGRATIONS);
        }
    }

    @Test
    void commentsAreStrippedAndStatementsSplit() {
        assertThat(
                        SpannerSchema.parse(
                                "-- a comment; with a semicolon\nCREATE TABLE A (X INT64) PRIMARY KEY (X);\n\nCREATE INDEX I ON A (X);\n"))
                .containsExactly("CREATE TABLE A (X INT64) PRIMARY KEY (X)", "CREATE INDEX I ON A (X)");
        assertThat(SpannerSchema.statements()).anyMatch(s -> s.startsWith("CREATE TABLE Trades"));
    }
}
