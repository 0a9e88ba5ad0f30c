package com.bluemarble.functions.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void mixIsParsedIntoWeightsAndATable() {
        Map<LoadMain.Kind, Integer> weights = LoadMain.parseMix("trades=3, submits=1,terrain=0");
        assertThat(weights)
                .containsEntry(LoadMain.Kind.TRADES, 3)
                .containsEntry(LoadMain.Kind.SUBMITS, 1)
                .containsEntry(LoadMain.Kind.TERRAIN, 0);
        LoadMain.Kind[] table = LoadMain.weightedTable(weights);
        assertThat(Arrays.stream(table).filter(k -> k == LoadMain.Kind.TRADES).count())
                .isEqualTo(3);
        assertThat(table).hasSize(4).doesNotContain(LoadMain.Kind.TERRAIN);
        assertThatThrownBy(() -> LoadMain.parseMix("trades=0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadMain.parseMix("dupes=5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadMain.parseMix("trades=-1,submits=2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationIsBounded() {
        assertThat(LoadMain.parseDuration("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(LoadMain.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoadMain.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> LoadMain.parseDuration("0s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadMain.parseDuration("31m")).isInstanceOf(IllegalArgumentException.class);
    }
}
