package com.bluemarble.functions.adapter.s3.backup;

import com.bluemarble.functions.core.backup.BackupCorruptException;
import com.bluemarble.functions.core.backup.BackupRepository;
import com.bluemarble.functions.core.backup.ExportPlan;
import com.bluemarble.functions.core.backup.Manifest;
import com.bluemarble.functions.core.backup.PartInfo;
import com.bluemarble.functions.core.backup.RowSink;
import com.bluemarble.functions.core.backup.TableSpec;
import com.bluemarble.functions.core.backup.UnitDone;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backups in the backups bucket, under {@code backups/<backupId>/}:
 * <pre>
 * backups/20261121T070000Z-1a2b3c4d/manifest.json                                  written last
 * backups/20261121T070000Z-1a2b3c4d/economy/Players/part-00001.ndjson.gz            gzip NDJSON, one row a line
 * backups/20261121T070000Z-1a2b3c4d/economy/LedgerEntries/players-00003-part-00002.ndjson.gz
 *                                                    (format 2: a part of one unit, here player partition 3)
 * backups/20261121T070000Z-1a2b3c4d/progress/plan.json                              written first (format 2)
 * backups/20261121T070000Z-1a2b3c4d/progress/units/players-00003.json               a unit done, its parts
 * </pre>
 * Each part is streamed: rows go through gzip and a SHA-256 digest into a multipart upload, one
 * upload part buffered at a time. Restore reads each part twice (verify, then write), the second
 * time pinned to the version id (or ETag) the first read verified.
 */
public final class S3BackupRepository implements BackupRepository {

    public static final String PREFIX = "backups/";
    static final JsonMapper MANIFEST_JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final HexFormat HEX = HexFormat.of();

    private final S3Client s3;
    private final String bucket;
    private final int uploadPartBytes;
    private final int maxListed;

    /**
     * @param uploadPartBytes bytes buffered per multipart upload part (at least 5 MiB)
     * @param maxListed at most this many backups are listed (newest first)
     */
    public S3BackupRepository(S3Client s3, String bucket, int uploadPartBytes, int maxListed) {
        this.s3 = s3;
        this.bucket = bucket;
        this.uploadPartBytes = uploadPartBytes;
        this.maxListed = maxListed;
    }

    static String partKey(String backupId, String dataset, String table, int partNumber) {
        return PREFIX + backupId + "/" + dataset + "/" + table + "/part-" + String.format("%05d", partNumber)
                + ".ndjson.gz";
    }

    static String partKey(String backupId, String dataset, String table, String unit, int partNumber) {
        return PREFIX + backupId + "/" + dataset + "/" + table + "/" + unit + "-part-"
                + String.format("%05d", partNumber) + ".ndjson.gz";
    }

    static String manifestKey(String backupId) {
        return PREFIX + backupId + "/manifest.json";
    }

    static String planKey(String backupId) {
        return PREFIX + backupId + "/progress/plan.json";
    }

    static String unitsPrefix(String backupId) {
        return PREFIX + backupId + "/progress/units/";
    }

    @Override
    public PartWriter openPart(String backupId, String dataset, TableSpec table, int partNumber) {
        return open(partKey(backupId, dataset, table.name(), partNumber), table);
    }

    @Override
    public PartWriter openPart(String backupId, String dataset, TableSpec table, String unit, int partNumber) {
        return open(partKey(backupId, dataset, table.name(), unit, partNumber), table);
    }

    private PartWriter open(String key, TableSpec table) {
        try {
            return new S3PartWriter(
                    key, table, new MultipartOutputStream(s3, bucket, key, "application/gzip", uploadPartBytes));
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private final class S3PartWriter implements PartWriter {
        private final String key;
        private final TableSpec table;
        private final MultipartOutputStream upload;
        private final MessageDigest digest = sha256();
        private final CountingStream stored;
        private final GZIPOutputStream gzip;
        private long rows;

        S3PartWriter(String key, TableSpec table, MultipartOutputStream upload) {
            this.key = key;
            this.table = table;
            this.upload = upload;
            this.stored = new CountingStream(new DigestOutputStream(upload, digest));
            try {
                this.gzip = new GZIPOutputStream(stored, 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void row(List<Object> values) {
            try {
                gzip.write(NdjsonRows.encode(table, values));
                gzip.write('\n');
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SdkException e) {
                throw unavailable(e);
            }
        }

        @Override
        public long rowsWritten() {
            return rows;
        }

        @Override
        public long bytesWritten() {
            return stored.count;
        }

        @Override
        public PartInfo finish() {
            try {
                gzip.finish();
                gzip.flush();
                upload.complete();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SdkException e) {
                abort();
                throw unavailable(e);
            }
            return new PartInfo(key, rows, stored.count, HEX.formatHex(digest.digest()));
        }

        @Override
        public void abort() {
            try {
                upload.abort();
            } catch (SdkException e) {
                // best effort: an incomplete multipart upload is invisible, and a lifecycle rule removes it
            }
        }
    }

    @Override
    public void writeManifest(Manifest manifest) {
        try {
            s3.putObject(
                    r -> r.bucket(bucket)
                            .key(manifestKey(manifest.backupId()))
                            .contentType("application/json")
                            .ifNoneMatch("*"),
                    RequestBody.fromBytes(MANIFEST_JSON.writeValueAsBytes(manifest)));
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public ExportPlan writePlan(ExportPlan plan) {
        try {
            s3.putObject(
                    r -> r.bucket(bucket)
                            .key(planKey(plan.backupId()))
                            .contentType("application/json")
                            .ifNoneMatch("*"),
                    RequestBody.fromBytes(MANIFEST_JSON.writeValueAsBytes(plan)));
            return plan;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) { // planned before: the stored plan (and its timestamp) stays
                return plan(plan.backupId()).orElseThrow(() -> unavailable(e));
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<ExportPlan> plan(String backupId) {
        return readJson(planKey(backupId), ExportPlan.class, "the plan of backup " + backupId);
    }

    @Override
    public void writeUnitDone(String backupId, UnitDone done) {
        try {
            s3.putObject(
                    r -> r.bucket(bucket)
                            .key(unitsPrefix(backupId) + done.unit() + ".json")
                            .contentType("application/json"),
                    RequestBody.fromBytes(MANIFEST_JSON.writeValueAsBytes(done)));
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<UnitDone> unitsDone(String backupId) {
        List<String> keys = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(unitsPrefix(backupId))).contents().stream()
                    .map(S3Object::key)
                    .forEach(keys::add);
        } catch (SdkException e) {
            throw unavailable(e);
        }
        List<UnitDone> done = new ArrayList<>();
        for (String key : keys) {
            readJson(key, UnitDone.class, key).ifPresent(done::add);
        }
        return done;
    }

    private <T> Optional<T> readJson(String key, Class<T> type, String what) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
        try {
            return Optional.of(MANIFEST_JSON.readValue(bytes, type));
        } catch (JacksonException e) {
            throw new BackupCorruptException(what + " is not readable: " + e.getOriginalMessage());
        }
    }

    @Override
    public Optional<Manifest> manifest(String backupId) {
        return readJson(manifestKey(backupId), Manifest.class, "the manifest of backup " + backupId);
    }

    @Override
    public List<Manifest> list() {
        List<String> ids = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(PREFIX).delimiter("/")).commonPrefixes().stream()
                    .map(CommonPrefix::prefix)
                    .map(prefix -> prefix.substring(PREFIX.length(), prefix.length() - 1))
                    .forEach(ids::add);
        } catch (SdkException e) {
            throw unavailable(e);
        }
        ids.sort(Comparator.reverseOrder()); // ids start with their UTC creation time
        List<Manifest> manifests = new ArrayList<>();
        for (String id : ids) {
            if (manifests.size() == maxListed) {
                break;
            }
            manifest(id).ifPresent(manifests::add); // no manifest: incomplete (failed or still running), not listed
        }
        return manifests;
    }

    @Override
    public VerifiedPart verify(PartInfo part, TableSpec table) {
        Scan scan = scan(
                part,
                table,
                GetObjectRequest.builder().bucket(bucket).key(part.key()).build(),
                null);
        String pin = scan.versionId;
        String etag = scan.etag;
        return new VerifiedPart() {
            @Override
            public PartInfo part() {
                return part;
            }

            @Override
            public void read(RowSink rows) {
                GetObjectRequest.Builder request =
                        GetObjectRequest.builder().bucket(bucket).key(part.key());
                if (pin != null && !"null".equals(pin)) {
                    request.versionId(pin);
                } else {
                    request.ifMatch(etag);
                }
                scan(part, table, request.build(), rows);
            }
        };
    }

    private record Scan(String versionId, String etag) {}

    /** Reads a part through SHA-256 and gzip, decoding every row; checks the sums at the end. */
    private Scan scan(PartInfo part, TableSpec table, GetObjectRequest request, RowSink rows) {
        ResponseInputStream<GetObjectResponse> object;
        try {
            object = s3.getObject(request);
        } catch (NoSuchKeyException e) {
            throw new BackupCorruptException("part " + part.key() + " is missing");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new BackupCorruptException("part " + part.key() + " is missing");
            }
            if (e.statusCode() == 412) {
                throw new BackupCorruptException("part " + part.key() + " changed after it was verified");
            }
            throw unavailable(e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
        MessageDigest digest = sha256();
        long count = 0;
        String problem = null;
        CountingInput raw = new CountingInput(new DigestInputStream(object, digest));
        try (object) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(new NonClosing(raw), 64 * 1024), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    count++;
                    List<Object> values;
                    try {
                        values = NdjsonRows.decode(table, line);
                    } catch (IllegalArgumentException e) {
                        problem = "row " + count + " is not a row of " + table.name() + ": " + e.getMessage();
                        break;
                    }
                    if (rows != null) {
                        rows.row(values);
                    }
                }
            } catch (IOException e) {
                problem = "it does not decompress (" + e.getMessage() + ")";
            }
            raw.transferTo(OutputStream.nullOutputStream()); // the digest covers every stored byte
        } catch (IOException e) {
            throw DomainException.unavailable("Amazon S3", e);
        } catch (SdkException e) {
            throw unavailable(e);
        }
        String sha = HEX.formatHex(digest.digest());
        if (!sha.equals(part.sha256()) || raw.count != part.bytes()) {
            throw new BackupCorruptException(
                    "part " + part.key() + " is corrupt or truncated: " + raw.count + " bytes with SHA-256 " + sha
                            + ", the manifest says " + part.bytes() + " bytes with SHA-256 " + part.sha256());
        }
        if (problem != null) {
            throw new BackupCorruptException("part " + part.key() + ": " + problem);
        }
        if (count != part.rows()) {
            throw new BackupCorruptException(
                    "part " + part.key() + " holds " + count + " rows; the manifest says " + part.rows());
        }
        return new Scan(object.response().versionId(), object.response().eTag());
    }

    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Keeps the gzip reader from closing the raw stream, which must still be drained for the digest. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DomainException unavailable(SdkException e) {
        if (e instanceof S3Exception s3 && s3.statusCode() < 500 && s3.statusCode() != 429) {
            return new DomainException(
                    ErrorCode.INTERNAL, "Amazon S3 refused the request: " + s3.statusCode() + " " + s3.getMessage(), e);
        }
        return DomainException.unavailable("Amazon S3", e);
    }
}
