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
