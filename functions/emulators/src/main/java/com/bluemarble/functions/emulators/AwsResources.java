package com.bluemarble.functions.emulators;

import java.util.Map;

/** The provisioned resources: logical names (as in resources.json) to real names and URLs. */
public record AwsResources(Map<String, String> queueUrls, Map<String, String> buckets, Map<String, String> tables) {

    public String queueUrl(String logicalName) {
        return require(queueUrls, logicalName, "queue");
    }

    public String bucket(String logicalName) {
        return require(buckets, logicalName, "bucket");
    }

    public String table(String logicalName) {
        return require(tables, logicalName, "table");
    }

    private static String require(Map<String, String> names, String logicalName, String kind) {
        String value = names.get(logicalName);
        if (value == null) {
            throw new IllegalArgumentException("no " + kind + " " + logicalName + " was provisioned");
        }
        return value;
    }
}
