package com.bluemarble.functions.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheFunctionWithoutWritingAnything() {
        try (FunctionsTestContext functions = FunctionsTestContext.start()) {
            FunctionCatalog catalog = functions.catalog();
            for (String name : new String[] {"grant", "trade", "playerEconomy", "economyAudit"}) {
                assertThat(new SnapStartPriming(catalog, name).prime()).isEqualTo(SnapStartPriming.ROUNDS);
                // the priming request is one every function refuses before it reaches a store
                java.util.function.Function<Message<byte[]>, Message<byte[]>> function = catalog.lookup(name);
                Message<byte[]> reply =
                        function.apply(MessageBuilder.withPayload(SnapStartPriming.REFUSED_BY_EVERY_FUNCTION)
                                .build());
                assertThat(reply.getHeaders().get(JsonFunctions.STATUS_HEADER)).isEqualTo(400);
            }
            assertThat(functions
                            .call("economyAudit", "{}")
                            .json()
                            .get("players")
                            .asLong())
                    .isZero();
            assertThat(new SnapStartPriming(catalog, "").prime()).isZero();
        }
    }
}
