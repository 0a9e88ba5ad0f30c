package com.bluemarble.functions.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Issue 11 item 6: a state's numbers survive parse, merge patch and serialization as written. */
class ExactJsonTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1e400",
                "1e-400",
                "1.00000000000000000001",
                "-0",
                "-0.0",
                "0.1",
                "1E+2",
                "1.50",
                "12345678901234567890123",
                "-9223372036854775809",
                "9223372036854775807",
                "7",
                "-7",
                "0"
            })
    void aNumberIsStoredAsItsOwnText(String number) {
        String json = "{\"n\":" + number + ",\"list\":[" + number + "],\"deep\":{\"n\":" + number + "}}";

        assertThat(SnapshotJson.text(SnapshotJson.object(json, "test"))).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-0", "1.00000000000000000001"})
    void aMergePatchCarriesNumbersExactly(String number) {
        JsonNode base = SnapshotJson.object("{\"a\":{\"b\":" + number + "},\"c\":1}", "base");
        JsonNode patch = SnapshotJson.object("{\"a\":{\"d\":" + number + "},\"c\":null}", "patch");

        assertThat(SnapshotJson.text(JsonMergePatch.apply(base, patch)))
                .isEqualTo("{\"a\":{\"b\":" + number + ",\"d\":" + number + "}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "9223372036854775807", "-1"})
    void canonicalIntegersStayPlainNumbers(String number) {
        assertThat(SnapshotJson.object("{\"n\":" + number + "}", "test")
                        .get("n")
                        .isIntegralNumber())
                .isTrue();
    }
}
