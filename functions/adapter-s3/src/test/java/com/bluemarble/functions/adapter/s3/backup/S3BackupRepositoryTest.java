package com.bluemarble.functions.adapter.s3.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.adapter.s3.S3Clients;
import com.bluemarble.functions.core.backup.BackupCorruptException;
import com.bluemarble.functions.core.backup.BackupRepository;
import com.bluemarble.functions.core.backup.PartInfo;
import com.bluemarble.functions.core.backup.TableSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Backup parts on the AWS emulator: streamed multipart upload, checksums, tampering and truncation. */
class S3BackupRepositoryTest {

    private static final TableSpec TABLE = new TableSpec(
            "Things",
            List.of(
                    new TableSpec.Column("Id", TableSpec.Type.STRING),
                    new TableSpec.Column("Count", TableSpec.Type.INT64),
                    new TableSpec.Column("Flag", TableSpec.Type.BOOL),
                    new TableSpec.Column("At", TableSpec.Type.TIMESTAMP),
                    new TableSpec.Column("Note", TableSpec.Type.STRING)));
    private static S3Client s3;
    private static String bucket;
    private static S3BackupRepository repository;

    @BeforeAll
    static void setUp() {
        s3 = S3Clients.emulator();
        bucket = S3Clients.provisionFresh().bucket("bluemarble-backups");
        repository = new S3BackupRepository(s3, bucket, MultipartOutputStream.MIN_PART_BYTES, 100);
    }

    @AfterAll
    static void tearDown() {
        s3.close();
    }

    private static List<Object> row(int i, String note) {
        return Arrays.asList(
                "id-" + i,
                (long) i * 1_000_000_007L,
                i % 2 == 0,
                Instant.ofEpochSecond(1_700_000_000L + i, 123_456_789),
                i % 7 == 0 ? null : note);
    }

    @Test
    void aLargePartIsStreamedInSeveralUploadPartsAndReadsBackExactly() {
        Random random = new Random(42);
        BackupRepository.PartWriter writer = repository.openPart("20260101T000000Z-00000001", "economy", TABLE, 1);
        List<List<Object>> written = new ArrayList<>();
        int i = 0;
        while (writer.bytesWritten() < 12L * 1024 * 1024) { // incompressible notes: ~12 MiB stored
            byte[] noise = new byte[3000];
            random.nextBytes(noise);
            List<Object> row = row(i++, java.util.Base64.getEncoder().encodeToString(noise));
            writer.row(row);
            written.add(row);
        }
        PartInfo part = writer.finish();
        assertThat(part.rows()).isEqualTo(written.size());
        var head = s3.headObject(r -> r.bucket(bucket).key(part.key()));
        assertThat(head.contentLength()).isEqualTo(part.bytes());
        assertThat(head.eTag())
                .as("a multipart object's ETag ends with its part count")
                .matches("\"?[0-9a-f]+-3\"?");

        List<List<Object>> read = new ArrayList<>();
        repository.verify(part, TABLE).read(read::add);
        assertThat(read).isEqualTo(written);
    }

    private static PartInfo smallPart(String backupId) {
        BackupRepository.PartWriter writer = repository.openPart(backupId, "economy", TABLE, 1);
        for (int i = 0; i < 100; i++) {
            writer.row(row(i, "note " + i));
        }
        return writer.finish();
    }

    @Test
    void aTamperedOrTruncatedPartIsRefused() {
        PartInfo part = smallPart("20260101T000000Z-00000002");
        repository.verify(part, TABLE); // intact

        byte[] stored =
                s3.getObjectAsBytes(r -> r.bucket(bucket).key(part.key())).asByteArray();
        byte[] tampered = stored.clone();
        tampered[tampered.length / 2] ^= 0x01;
        s3.putObject(r -> r.bucket(bucket).key(part.key()), RequestBody.fromBytes(tampered));
        assertThatThrownBy(() -> repository.verify(part, TABLE))
                .isInstanceOf(BackupCorruptException.class)
                .hasMessageContaining("corrupt or truncated")
                .hasMessageContaining(part.sha256());

        s3.putObject(
                r -> r.bucket(bucket).key(part.key()),
                RequestBody.fromBytes(Arrays.copyOf(stored, stored.length - 20)));
        assertThatThrownBy(() -> repository.verify(part, TABLE)).isInstanceOf(BackupCorruptException.class);

        s3.deleteObject(r -> r.bucket(bucket).key(part.key()));
        assertThatThrownBy(() -> repository.verify(part, TABLE))
                .isInstanceOf(BackupCorruptException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void aPartWithTheRightChecksumButAnotherSchemaIsRefused() {
        PartInfo part = smallPart("20260101T000000Z-00000003");
        TableSpec other = new TableSpec("Things", List.of(new TableSpec.Column("Id", TableSpec.Type.INT64)));
        assertThatThrownBy(() -> repository.verify(part, other))
                .isInstanceOf(BackupCorruptException.class)
                .hasMessageContaining("row 1");
        PartInfo wrongCount = new PartInfo(part.key(), part.rows() + 1, part.bytes(), part.sha256());
        assertThatThrownBy(() -> repository.verify(wrongCount, TABLE))
                .isInstanceOf(BackupCorruptException.class)
                .hasMessageContaining("rows");
    }

    @Test
    void anAbortedPartLeavesNothing() {
        BackupRepository.PartWriter writer = repository.openPart("20260101T000000Z-00000004", "economy", TABLE, 1);
        writer.row(row(1, "x"));
        writer.abort();
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix("backups/20260101T000000Z-00000004/"))
                        .contents())
                .isEmpty();
        assertThat(s3.listMultipartUploads(r -> r.bucket(bucket)).uploads())
                .noneMatch(u -> u.key().startsWith("backups/20260101T000000Z-00000004/"));
    }
}
