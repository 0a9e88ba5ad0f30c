package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.core.economy.EconomyLimits;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bluemarble.economy.*}: caps per request and which SKUs are unique instances. */
@ConfigurationProperties("bluemarble.economy")
public record EconomyProperties(int maxAssetsPerSide, int maxUniqueInstancesPerRequest, Set<String> uniqueSkus) {

    public EconomyLimits limits() {
        return new EconomyLimits(
                maxAssetsPerSide, maxUniqueInstancesPerRequest, uniqueSkus == null ? Set.of() : uniqueSkus);
    }
}
