package com.bluemarble.functions.adapter.dynamodb;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotTable;
import com.bluemarble.functions.core.snapshot.StateDocument;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Player snapshots in a DynamoDB table keyed by {@code playerId}. An item holds {@code version}
 * (N), the state as compact JSON text in {@code state} (S) or, for a claim-checked state, the blob
 * key in {@code stateRef} (S), and {@code writtenAt} (N, epoch milliseconds, for staleness checks).
 * Writes are conditional: {@code attribute_not_exists(playerId) OR version < :v}.
 */
public final class DynamoDbSnapshotTable implements SnapshotTable {

    static final String PLAYER_ID = "playerId";
    static final String VERSION = "version";
    static final String STATE = "state";
    static final String STATE_REF = "stateRef";
    static final String WRITTEN_AT = "writtenAt";
    static final String NEWER_THAN_STORED = "attribute_not_exists(#playerId) OR #version < :version";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbSnapshotTable(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    @Override
    public Optional<StoredSnapshot> find(PlayerId player) {
        GetItemResponse response;
        try {
            response = dynamo.getItem(r -> r.tableName(tableName)
                    .consistentRead(true)
                    .key(Map.of(PLAYER_ID, AttributeValue.fromS(player.value()))));
        } catch (SdkException e) {
            throw DomainException.unavailable("DynamoDB (snapshot table)", e);
        }
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(snapshot(player, response.item()));
    }

    private static StoredSnapshot snapshot(PlayerId player, Map<String, AttributeValue> item) {
        long version = Long.parseLong(item.get(VERSION).n());
        StateDocument state = item.containsKey(STATE_REF)
                ? StateDocument.stored(item.get(STATE_REF).s())
                : StateDocument.inline(SnapshotJson.object(item.get(STATE).s(), "the stored state of " + player));
        return new StoredSnapshot(player, version, state);
    }

    /**
     * A {@code Scan} page with {@code ConsistentRead}: the cursor is the last player id of the
     * previous page ({@code LastEvaluatedKey}; the key is the partition key alone). DynamoDB ends a
     * page at {@code limit} items or 1 MB, whichever comes first.
     */
    @Override
    public Page scan(String cursor, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        ScanResponse response;
        try {
            response = dynamo.scan(r -> {
                r.tableName(tableName).consistentRead(true).limit(limit);
                if (cursor != null) {
                    r.exclusiveStartKey(Map.of(PLAYER_ID, AttributeValue.fromS(cursor)));
                }
            });
        } catch (SdkException e) {
            throw DomainException.unavailable("DynamoDB (snapshot table)", e);
        }
        List<StoredSnapshot> snapshots = new ArrayList<>(response.count());
        for (Map<String, AttributeValue> item : response.items()) {
            snapshots.add(snapshot(PlayerId.of(item.get(PLAYER_ID).s()), item));
        }
        String next =
                response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey().get(PLAYER_ID).s()
                        : null;
        return new Page(snapshots, next);
    }

    @Override
    public void delete(PlayerId player) {
        try {
            dynamo.deleteItem(r -> r.tableName(tableName).key(Map.of(PLAYER_ID, AttributeValue.fromS(player.value()))));
        } catch (SdkException e) {
            throw DomainException.unavailable("DynamoDB (snapshot table)", e);
        }
    }

    @Override
    public WriteResult putIfNewer(StoredSnapshot snapshot) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PLAYER_ID, AttributeValue.fromS(snapshot.playerId().value()));
        item.put(VERSION, AttributeValue.fromN(Long.toString(snapshot.version())));
        if (snapshot.state().isStored()) {
            item.put(STATE_REF, AttributeValue.fromS(snapshot.state().blobKey()));
        } else {
            item.put(
                    STATE,
                    AttributeValue.fromS(SnapshotJson.text(snapshot.state().inline())));
        }
        item.put(WRITTEN_AT, AttributeValue.fromN(Long.toString(System.currentTimeMillis())));
        try {
            dynamo.putItem(r -> r.tableName(tableName)
                    .item(item)
                    .conditionExpression(NEWER_THAN_STORED)
                    .expressionAttributeNames(Map.of("#playerId", PLAYER_ID, "#version", VERSION))
                    .expressionAttributeValues(
                            Map.of(":version", AttributeValue.fromN(Long.toString(snapshot.version())))));
            return WriteResult.WRITTEN;
        } catch (ConditionalCheckFailedException e) {
            return WriteResult.STALE; // this or a newer version is stored: the goal is reached
        } catch (SdkException e) {
            throw DomainException.unavailable("DynamoDB (snapshot table)", e);
        }
    }
}
