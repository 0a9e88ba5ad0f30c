package com.bluemarble.functions.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

final class BenchJson {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode read(byte[] body) {
        return JSON.readTree(body);
    }

    private BenchJson() {}
}
