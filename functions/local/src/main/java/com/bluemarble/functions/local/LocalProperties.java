package com.bluemarble.functions.local;

import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.RedisServers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application properties that point the functions at the local emulators: each area adds
 * what it needs here (AWS endpoint and resource names, Redis endpoints).
 */
final class LocalProperties {
    private LocalProperties() {}

    static Map<String, Object> forEmulators(AwsEmulator aws, AwsResources resources, RedisServers redis) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bluemarble.aws.endpoint-url", aws.endpoint());
        properties.put("bluemarble.aws.region", AwsEmulator.REGION.id());
        properties.put("bluemarble.snapshots.queue-url", resources.queueUrl("player-snapshots"));
        properties.put("bluemarble.snapshots.table-name", resources.table("player-snapshots"));
        properties.put("bluemarble.snapshots.erasure-table", resources.table("player-erasures"));
        properties.put("bluemarble.snapshots.bucket", resources.bucket("bluemarble-snapshot-states"));
        // moto is one Python process: more players at once only queue inside it (and past the 5 s call timeout).
        properties.put("bluemarble.snapshots.writer-concurrency", 4);
        properties.putAll(LeaderboardSelfCheck.properties(aws, resources, redis));
        properties.putAll(StorageSelfCheck.properties(resources));
        // The partitioned audit: locally a bounded pool runs the partitions after economyAuditStart
        // (in AWS the Step Functions map does); correct on the emulator but not faster (docs/audit.md).
        properties.put("bluemarble.economy.audit-job.local-workers", 2);
        // Data rights: locally an in-process pool runs the erasure and export steps after the 202 (in AWS a
        // Step Functions execution does), and resumes unfinished ones when the stack starts.
        properties.put("bluemarble.privacy.driver", "local");
        // ... and then the finish step, which stores the report (audits/<auditId>.json) in the local backups bucket.
        properties.put("bluemarble.economy.audit-job.reports-bucket", resources.bucket("bluemarble-backups"));
        return properties;
    }
}
