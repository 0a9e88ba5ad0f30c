package com.bluemarble.functions.app;

import com.bluemarble.functions.app.telemetry.Invocation;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * SnapStart priming: before Lambda snapshots the initialized function, run this Lambda's function
 * on a request that every function refuses before touching a store (an unknown field), so class
 * loading and the JSON parse/validate/render paths are warm in the snapshot. It creates no ids,
 * no random seeds and no connections, so nothing unique is frozen into the snapshot.
 */
@Component
@Lazy(false) // the rest of the app is lazy; this must exist before the checkpoint
public class SnapStartPriming implements Resource {

    private static final Logger log = LoggerFactory.getLogger(SnapStartPriming.class);
    static final byte[] REFUSED_BY_EVERY_FUNCTION = "{\"snapStartPriming\":true}".getBytes(StandardCharsets.UTF_8);
    static final int ROUNDS = 200;

    private final FunctionCatalog catalog;
    private final String functionName;

    public SnapStartPriming(
            FunctionCatalog catalog, @Value("${spring.cloud.function.definition:}") String functionName) {
        this.catalog = catalog;
        this.functionName = functionName;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        int primed = prime();
        log.info("SnapStart priming: ran {} {} times", functionName, primed);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing: clients reconnect on first use
    }

    /** @return how many invocations ran (0 when this process serves no single function) */
    int prime() {
        if (functionName == null || functionName.isBlank()) {
            return 0;
        }
        Function<Message<byte[]>, Object> function = catalog.lookup(functionName);
        if (function == null) {
            return 0;
        }
        Message<byte[]> request =
                MessageBuilder.withPayload(REFUSED_BY_EVERY_FUNCTION).build();
        // Silent: priming calls are not traffic (no summary lines, no EMF, coldStart kept for the first real call).
        Invocation.priming(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                function.apply(request);
            }
        });
        return ROUNDS;
    }
}
