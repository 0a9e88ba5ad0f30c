package com.bluemarble.functions.app.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.telemetry.EmfMetrics;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * economyAuditStart / economyAuditStatus / economyAuditPartition through the function application on
 * the emulator, with the local pool driving the partitions (as ./dev up does); economyAudit refuses
 * past its player bound, naming the job.
 */
class AuditJobFunctionsTest {

    private static FunctionsTestContext app;
    private static S3Client s3;
    private static String reportsBucket;

    @BeforeAll
    static void start() {
        AwsResources resources =
                Emulators.aws().provision("aj" + UUID.randomUUID().toString().substring(0, 8));
        reportsBucket = resources.bucket("bluemarble-backups");
        s3 = AwsEmulator.clientsAt(Emulators.aws().endpoint())
                .configure(S3Client.builder())
                .build();
        app = FunctionsTestContext.start(Map.of(
                "bluemarble.aws.endpoint-url",
                Emulators.aws().endpoint(),
                "bluemarble.aws.region",
                AwsEmulator.REGION.id(),
                "bluemarble.economy.audit-job.reports-bucket",
                reportsBucket,
                "bluemarble.economy.sync-audit-max-players",
                6,
                "bluemarble.economy.audit-job.players-per-partition",
                2,
                "bluemarble.economy.audit-job.local-workers",
                2));
    }

    @AfterAll
    static void close() {
        app.close();
        s3.close();
    }

    private static byte[] storedReport(String auditId) {
        return s3.getObjectAsBytes(r -> r.bucket(reportsBucket).key("audits/" + auditId + ".json"))
                .asByteArray();
    }

    private static void grant(String player, long gold) {
        Response granted = app.call(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + player + "\",\"currency\":{\"gold\":"
                        + gold + "},\"items\":{\"potion\":2}}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    }

    private static JsonNode json(Response response) {
        try {
            return JsonFunctions.JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    private static JsonNode withoutTimestamp(JsonNode report) {
        ObjectNode copy = (ObjectNode) report.deepCopy();
        copy.remove("readTimestamp");
        return copy;
    }

    @Test
    void theJobReportsWhatEconomyAuditReportsAndEconomyAuditRefusesPastItsBound() throws Exception {
        for (int i = 0; i < 5; i++) {
            grant("audit-" + i, 10L + i);
        }
        Response synchronous = app.call("economyAudit", "{}");
        assertThat(synchronous.status()).as(synchronous.body()).isEqualTo(200);

        String auditId = UUID.randomUUID().toString();
        Response started = app.call("economyAuditStart", "{\"auditId\":\"" + auditId + "\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode plan = json(started);
        assertThat(plan.get("partitions").asInt()).isEqualTo(3); // 5 players, 2 per partition
        assertThat(plan.get("players").asLong()).isEqualTo(5);
        // Idempotent on auditId: the same plan and timestamp.
        Response again = app.call("economyAuditStart", "{\"auditId\":\"" + auditId + "\"}");
        assertThat(json(again)).isEqualTo(plan);

        JsonNode status = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            status = json(app.call("economyAuditStatus", "{\"auditId\":\"" + auditId + "\"}"));
            if (status.get("complete").asBoolean()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(status.get("complete").asBoolean())
                .as(String.valueOf(status))
                .isTrue();
        assertThat(status.get("partitionsDone").asInt()).isEqualTo(3);
        JsonNode report = status.get("report");
        assertThat(report.get("readTimestamp").asText())
                .isEqualTo(plan.get("readTimestamp").asText());
        assertThat(withoutTimestamp(report)).isEqualTo(withoutTimestamp(json(synchronous)));
        assertThat(report.get("ok").asBoolean()).isTrue();
        assertThat(plan.get("partitionNumbers").toString()).isEqualTo("[0,1,2]");

        // The local driver ran the finish step too: the report is in the reports bucket.
        byte[] stored = null;
        while (stored == null && Instant.now().isBefore(deadline)) {
            try {
                stored = storedReport(auditId);
            } catch (NoSuchKeyException e) {
                Thread.sleep(200);
            }
        }
        assertThat(stored).as("audits/" + auditId + ".json").isNotNull();
        assertThat(JsonFunctions.JSON.readTree(stored)).isEqualTo(report);

        // A partition run again (a Step Functions retry) counts once.
        Response partition = app.call("economyAuditPartition", "{\"auditId\":\"" + auditId + "\",\"partition\":1}");
        assertThat(partition.status()).as(partition.body()).isEqualTo(200);
        assertThat(json(partition).get("outcome").asText()).isEqualTo("ALREADY_RECORDED");

        // Past the bound (6 players): economyAudit refuses and names the job; the job still runs.
        grant("audit-5", 1);
        grant("audit-6", 1);
        Response refused = app.call("economyAudit", "{}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused).get("error").asText()).isEqualTo("AUDIT_TOO_LARGE");
        assertThat(json(refused).get("message").asText()).contains("economyAuditStart");
    }

    /**
     * What the Step Functions state machine does, with no local pool: start, the map over
     * partitionNumbers, then finish, which refuses (409 AUDIT_INCOMPLETE) while a partition is
     * pending, then stores the status's report and emits EconomyAuditOk; a retried finish stores the same bytes.
     */
    @Test
    void theStateMachineFlowStartMapFinish() {
        try (FunctionsTestContext machine = FunctionsTestContext.start(Map.of(
                "bluemarble.aws.endpoint-url",
                Emulators.aws().endpoint(),
                "bluemarble.aws.region",
                AwsEmulator.REGION.id(),
                "bluemarble.economy.audit-job.reports-bucket",
                reportsBucket,
                "bluemarble.economy.audit-job.players-per-partition",
                2,
                "bluemarble.economy.audit-job.local-workers",
                0))) {
            for (int i = 0; i < 3; i++) {
                Response granted = machine.call(
                        "grant",
                        "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"sm-" + i
                                + "\",\"currency\":{\"gold\":5}}");
                assertThat(granted.status()).as(granted.body()).isEqualTo(200);
            }
            String auditId = UUID.randomUUID().toString();
            String id = "{\"auditId\":\"" + auditId + "\"}";
            Response started = machine.call("economyAuditStart", id);
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            JsonNode numbers = json(started).get("partitionNumbers");
            assertThat(numbers.toString()).isEqualTo("[0,1]"); // 3 players, 2 per partition

            Response early = machine.call("economyAuditFinish", id);
            assertThat(early.status()).as(early.body()).isEqualTo(409);
            assertThat(json(early).get("error").asText()).isEqualTo("AUDIT_INCOMPLETE");
            assertThatThrownBy(() -> storedReport(auditId)).isInstanceOf(NoSuchKeyException.class);

            for (JsonNode partition : numbers) {
                Response done = machine.call(
                        "economyAuditPartition",
                        "{\"auditId\":\"" + auditId + "\",\"partition\":" + partition.asInt() + "}");
                assertThat(done.status()).as(done.body()).isEqualTo(200);
            }
            List<String> emf = new CopyOnWriteArrayList<>();
            Runnable stopListening = EmfMetrics.instance().listen(emf::add);
            Response finished;
            Response retried;
            try {
                finished = machine.call("economyAuditFinish", id);
                assertThat(finished.status()).as(finished.body()).isEqualTo(200);
                byte[] first = storedReport(auditId);
                retried = machine.call("economyAuditFinish", id);
                assertThat(retried.status()).as(retried.body()).isEqualTo(200);
                assertThat(storedReport(auditId))
                        .as("a retry stores the same bytes")
                        .isEqualTo(first);
            } finally {
                stopListening.run();
            }
            JsonNode answer = json(finished);
            assertThat(answer.get("auditId").asText()).isEqualTo(auditId);
            assertThat(answer.get("ok").asBoolean()).isTrue();
            assertThat(answer.get("reportKey").asText()).isEqualTo("audits/" + auditId + ".json");
            JsonNode status = json(machine.call("economyAuditStatus", id));
            assertThat(answer.get("report")).isEqualTo(status.get("report"));
            assertThat(JsonFunctions.JSON.readTree(storedReport(auditId))).isEqualTo(status.get("report"));
            assertThat(json(retried)).isEqualTo(answer);
            List<JsonNode> okMetrics = emf.stream()
                    .map(JsonFunctions.JSON::readTree)
                    .filter(document -> document.has("EconomyAuditOk"))
                    .toList();
            assertThat(okMetrics).hasSize(2); // one per finish
            for (JsonNode metric : okMetrics) {
                assertThat(metric.get("Function").asText()).isEqualTo("economyAuditFinish");
                assertThat(metric.get("EconomyAuditOk").asDouble()).isEqualTo(1.0);
                assertThat(metric.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
                        .isEqualTo("[[\"Function\"]]");
            }
        }
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() {
        String unknown = UUID.randomUUID().toString();
        Response missing = app.call("economyAuditStart", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(json(missing).get("error").asText()).isEqualTo("MISSING_FIELD");
        Response invalid = app.call("economyAuditStart", "{\"auditId\":\"NOT-A-UUID\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(json(invalid).get("error").asText()).isEqualTo("INVALID_ID");
        Response unknownStatus = app.call("economyAuditStatus", "{\"auditId\":\"" + unknown + "\"}");
        assertThat(unknownStatus.status()).isEqualTo(404);
        assertThat(json(unknownStatus).get("error").asText()).isEqualTo("UNKNOWN_AUDIT");
        Response unknownFinish = app.call("economyAuditFinish", "{\"auditId\":\"" + unknown + "\"}");
        assertThat(unknownFinish.status()).isEqualTo(404);
        assertThat(json(unknownFinish).get("error").asText()).isEqualTo("UNKNOWN_AUDIT");
        assertThat(app.call("economyAuditFinish", "{}").status()).isEqualTo(400);
        Response unknownPartition =
                app.call("economyAuditPartition", "{\"auditId\":\"" + unknown + "\",\"partition\":0}");
        assertThat(unknownPartition.status()).isEqualTo(404);
        Response extra = app.call("economyAuditStatus", "{\"auditId\":\"" + unknown + "\",\"x\":1}");
        assertThat(extra.status()).isEqualTo(400);

        String auditId = UUID.randomUUID().toString();
        assertThat(app.call("economyAuditStart", "{\"auditId\":\"" + auditId + "\"}")
                        .status())
                .isEqualTo(202);
        Response outside = app.call("economyAuditPartition", "{\"auditId\":\"" + auditId + "\",\"partition\":999}");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(json(outside).get("error").asText()).isEqualTo("INVALID_PARTITION");
        Response noPartition = app.call("economyAuditPartition", "{\"auditId\":\"" + auditId + "\"}");
        assertThat(noPartition.status()).isEqualTo(400);
    }
}
