package com.bluemarble.functions.bench;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Counts the DynamoDB write requests every client in this JVM issues (registered for all SDK
 * clients through software/amazon/awssdk/global/handlers/execution.interceptors in the bench
 * jar only): PutItem, UpdateItem and DeleteItem count one each, batch and transactional writes
 * one per item. Counted when the call is made, so a write refused by its condition still counts
 * (it still costs a write request in DynamoDB).
 */
public final class DynamoDbWriteCounter implements ExecutionInterceptor {

    private static final AtomicLong WRITES = new AtomicLong();

    public static long writes() {
        return WRITES.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!"dynamodb".equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        switch (operation == null ? "" : operation) {
            case "PutItem", "UpdateItem", "DeleteItem" -> WRITES.incrementAndGet();
            case "BatchWriteItem" ->
                WRITES.addAndGet(((BatchWriteItemRequest) context.request())
                        .requestItems().values().stream()
                                .mapToLong(java.util.List::size)
                                .sum());
            case "TransactWriteItems" ->
                WRITES.addAndGet(((TransactWriteItemsRequest) context.request())
                        .transactItems()
                        .size());
            default -> {}
        }
    }
}
