package com.bluemarble.functions.adapter.dynamodb;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotErasures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The erasure marks of the snapshot path: a DynamoDB table keyed by {@code playerId} (S), one item
 * per frozen player ({@code frozenAt}, N, epoch milliseconds), never deleted. Reads are one
 * strongly consistent {@code BatchGetItem} per 100 players (DynamoDB's limit per request), with
 * unprocessed keys asked again.
 */
public final class DynamoDbSnapshotErasures implements SnapshotErasures {

    static final String PLAYER_ID = "playerId";
    static final String FROZEN_AT = "frozenAt";
    private static final int KEYS_PER_REQUEST = 100;
    private static final int MAX_UNPROCESSED_ROUNDS = 10;

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbSnapshotErasures(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    @Override
    public void mark(PlayerId player) {
        try {
            // Conditional, so frozenAt stays the time of the first freeze; a second mark changes nothing.
            dynamo.putItem(r -> r.tableName(tableName)
                    .item(Map.of(
                            PLAYER_ID,
                            AttributeValue.fromS(player.value()),
                            FROZEN_AT,
                            AttributeValue.fromN(Long.toString(System.currentTimeMillis()))))
                    .conditionExpression("attribute_not_exists(#playerId)")
                    .expressionAttributeNames(Map.of("#playerId", PLAYER_ID)));
        } catch (ConditionalCheckFailedException e) {
            // already marked: the goal is reached
        } catch (SdkException e) {
            throw DomainException.unavailable("DynamoDB (snapshot erasure table)", e);
        }
    }

    @Override
    public Set<PlayerId> marked(Collection<PlayerId> players) {
        List<PlayerId> distinct = new ArrayList<>(new LinkedHashSet<>(players));
        Set<PlayerId> marked = new HashSet<>();
        for (int from = 0; from < distinct.size(); from += KEYS_PER_REQUEST) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (PlayerId player : distinct.subList(from, Math.min(distinct.size(), from + KEYS_PER_REQUEST))) {
                keys.add(Map.of(PLAYER_ID, AttributeValue.fromS(player.value())));
            }
            read(keys, marked);
        }
        return marked;
    }

    private void read(List<Map<String, AttributeValue>> keys, Set<PlayerId> marked) {
        Map<String, KeysAndAttributes> request = Map.of(
                tableName,
                KeysAndAttributes.builder()
                        .keys(keys)
                        .consistentRead(true)
                        .projectionExpression(PLAYER_ID)
                        .build());
        for (int round = 0; !request.isEmpty(); round++) {
            if (round == MAX_UNPROCESSED_ROUNDS) {
                throw DomainException.unavailable(
                        "DynamoDB (snapshot erasure table)",
                        new IllegalStateException("keys still unprocessed after " + round + " rounds"));
            }
            Map<String, KeysAndAttributes> asked = request;
            BatchGetItemResponse response;
            try {
                response = dynamo.batchGetItem(r -> r.requestItems(asked));
            } catch (SdkException e) {
                throw DomainException.unavailable("DynamoDB (snapshot erasure table)", e);
            }
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(tableName, List.of())) {
                marked.add(PlayerId.of(item.get(PLAYER_ID).s()));
            }
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            if (!request.isEmpty()) {
                sleepBeforeRetry(round);
            }
        }
    }

    private static void sleepBeforeRetry(int round) {
        try {
            Thread.sleep(Math.min(1000, 20L << round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("DynamoDB (snapshot erasure table)", e);
        }
    }
}
