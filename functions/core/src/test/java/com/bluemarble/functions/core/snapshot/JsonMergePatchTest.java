package com.bluemarble.functions.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The examples of RFC 7386, Appendix A. */
class JsonMergePatchTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"a\":\"b\"}                 | {\"a\":\"c\"}              | {\"a\":\"c\"}",
                "{\"a\":\"b\"}                 | {\"b\":\"c\"}              | {\"a\":\"b\",\"b\":\"c\"}",
                "{\"a\":\"b\"}                 | {\"a\":null}               | {}",
                "{\"a\":\"b\",\"b\":\"c\"}     | {\"a\":null}               | {\"b\":\"c\"}",
                "{\"a\":[\"b\"]}               | {\"a\":\"c\"}              | {\"a\":\"c\"}",
                "{\"a\":\"c\"}                 | {\"a\":[\"b\"]}            | {\"a\":[\"b\"]}",
                "{\"a\":{\"b\":\"c\"}}         | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
                "{\"a\":[{\"b\":\"c\"}]}       | {\"a\":[1]}                | {\"a\":[1]}",
                "[\"a\",\"b\"]                 | [\"c\",\"d\"]              | [\"c\",\"d\"]",
                "{\"a\":\"b\"}                 | [\"c\"]                    | [\"c\"]",
                "{\"a\":\"foo\"}               | null                       | null",
                "{\"a\":\"foo\"}               | \"bar\"                    | \"bar\"",
                "{\"e\":null}                  | {\"a\":1}                  | {\"e\":null,\"a\":1}",
                "[1,2]                         | {\"a\":\"b\",\"c\":null}   | {\"a\":\"b\"}",
                "{}                            | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}",
            })
    void appliesTheRfcExamples(String target, String patch, String expected) {
        JsonNode targetNode = SnapshotJson.MAPPER.readTree(target.trim());
        JsonNode before = targetNode.deepCopy();
        JsonNode result = JsonMergePatch.apply(targetNode, SnapshotJson.MAPPER.readTree(patch.trim()));
        assertThat(result).isEqualTo(SnapshotJson.MAPPER.readTree(expected.trim()));
        assertThat(targetNode).as("the target is not modified").isEqualTo(before);
    }
}
