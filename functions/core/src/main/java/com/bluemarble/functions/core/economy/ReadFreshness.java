package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.time.Duration;

/** Strong (latest committed) or bounded-staleness (cheaper, may lag by up to the bound). */
public record ReadFreshness(Duration maxStaleness) {

    public static final ReadFreshness STRONG = new ReadFreshness(Duration.ZERO);
    public static final int MAX_STALENESS_SECONDS = 3600;

    public static ReadFreshness ofSeconds(Integer seconds) {
        if (seconds == null || seconds == 0) {
            return STRONG;
        }
        if (seconds < 0 || seconds > MAX_STALENESS_SECONDS) {
            throw new DomainException(
                    ErrorCode.INVALID_STALENESS, "maxStalenessSeconds must be between 0 and " + MAX_STALENESS_SECONDS);
        }
        return new ReadFreshness(Duration.ofSeconds(seconds));
    }

    public boolean isStrong() {
        return maxStaleness.isZero();
    }
}
