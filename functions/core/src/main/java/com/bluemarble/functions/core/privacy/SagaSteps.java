package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The ordering rule both sagas share: a step runs only after every step before it is done. */
final class SagaSteps {
    private SagaSteps() {}

    /** Throws 409 STEP_OUT_OF_ORDER naming the predecessors of {@code step} that are not done. */
    static void requirePredecessors(
            String saga, UUID id, List<String> steps, String step, Map<String, Instant> stepsDone) {
        List<String> missing = steps.subList(0, steps.indexOf(step)).stream()
                .filter(s -> !stepsDone.containsKey(s))
                .toList();
        if (!missing.isEmpty()) {
            throw new DomainException(
                    ErrorCode.STEP_OUT_OF_ORDER,
                    "step " + step + " of " + saga + " " + id + " runs after " + missing,
                    Map.of("pending", missing));
        }
    }

    /** {@code steps} split into those done and those pending, each in step order. */
    static List<List<String>> split(List<String> steps, Map<String, Instant> stepsDone) {
        List<String> done = steps.stream().filter(stepsDone::containsKey).toList();
        List<String> pending =
                steps.stream().filter(s -> !stepsDone.containsKey(s)).toList();
        return List.of(done, pending);
    }
}
