package com.bluemarble.infra.config;

/**
 * Physical names. Bucket names are global, so the logical names from resources.json get an
 * {@code -<account>-<region>} suffix; deterministic names let a source bucket in one region name its
 * replication destination in another without a cross-region stack reference.
 */
public final class ResourceNames {

    /** Logical bucket names in resources.json, by role. Every bucket there must have a role here. */
    public static final String TERRAIN_BUCKET = "bluemarble-terrain";

    public static final String BACKUPS_BUCKET = "bluemarble-backups";
    public static final String SNAPSHOT_STATES_BUCKET = "bluemarble-snapshot-states";
    public static final String CONFIG_BUCKET = "bluemarble-config";
    /** Logical table name of player snapshots in resources.json. */
    public static final String SNAPSHOTS_TABLE = "player-snapshots";
    /** Logical table name of the snapshot erasure marks (issue 15) in resources.json, key attribute {@code playerId}. */
    public static final String SNAPSHOT_ERASURE_TABLE = "player-erasures";
    /** Player data exports (KMS, 7 days); CDK only. */
    public static final String EXPORTS_BUCKET = "bluemarble-exports";
    /** Partitioned audit reports; CDK only. */
    public static final String AUDIT_REPORTS_BUCKET = "bluemarble-audit-reports";

    /** Step Functions state machines: names are per account and region, so no suffix is needed. */
    public static final String ERASURE_STATE_MACHINE = "bluemarble-player-erasure";

    public static final String EXPORT_STATE_MACHINE = "bluemarble-player-export";
    public static final String AUDIT_STATE_MACHINE = "bluemarble-economy-audit";

    private ResourceNames() {}

    public static String bucketName(String logicalName, String account, String region) {
        String name = logicalName + "-" + account + "-" + region;
        if (name.length() > 63) {
            throw new InfraConfigException("bucket name longer than 63 characters: " + name);
        }
        return name;
    }

    /** The bucket in {@code replicaRegion} that receives another region's backups. */
    public static String backupReplicaBucketName(String account, String replicaRegion) {
        return bucketName(BACKUPS_BUCKET + "-replica", account, replicaRegion);
    }

    public static String storageStackName(String region) {
        return "BlueMarble-Storage-" + region;
    }

    public static String serviceStackName(String region) {
        return "BlueMarble-Service-" + region;
    }

    public static String backupReplicaStackName(String region) {
        return "BlueMarble-BackupReplica-" + region;
    }
}
