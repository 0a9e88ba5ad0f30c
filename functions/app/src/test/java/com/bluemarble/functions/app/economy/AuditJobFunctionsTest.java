package com.bluemarble.functions.app.economy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.app.JsonFunctions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * economyAuditStart / economyAuditStatus / economyAuditPartition through the function application on
 * the emulator, with the local pool driving the partitions (as ./dev up does); economyAudit refuses
 * past its player bound, naming the job.
 */
class AuditJobFunctionsTest {

    private static FunctionsTestContext app;

    @BeforeAll
    static void start() {
        app = FunctionsTestContext.start(Map.of(
                "bluemarble.economy.sync-audit-max-players", 6,
                "bluemarble.economy.audit-job.players-per-partition", 2,
                "bluemarble.economy.audit-job.local-workers", 2));
    }

    @AfterAll
    static void close() {
        app.close();
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
