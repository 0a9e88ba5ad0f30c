package com.bluemarble.functions.local;

import com.bluemarble.functions.app.ErrorBody;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /<functionName>}: the same function beans Lambda runs, with the status each one
 * sets in its {@code statusCode} header, as API Gateway would answer.
 */
@RestController
class FunctionHttpController {

    private final FunctionCatalog functions;

    FunctionHttpController(FunctionCatalog functions) {
        this.functions = functions;
    }

    /**
     * The body is read raw, whatever the Content-Type says: {@code curl -d} sends
     * {@code application/x-www-form-urlencoded}, and a {@code @RequestBody} would then be rebuilt
     * from decoded form parameters (re-encoded: {@code {}} is no longer JSON).
     */
    @PostMapping(path = "/{functionName}")
    ResponseEntity<byte[]> invoke(@PathVariable String functionName, InputStream requestBody) throws IOException {
        byte[] body = requestBody.readAllBytes();
        Function<Message<byte[]>, Object> function =
                LocalFunctions.httpFunctions(functions).contains(functionName) ? functions.lookup(functionName) : null;
        if (function == null) {
            return ResponseEntity.status(404)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(JsonFunctions.JSON.writeValueAsBytes(new ErrorBody(
                            ErrorCode.UNKNOWN_FUNCTION.name(),
                            "no function " + functionName + "; available: "
                                    + LocalFunctions.httpFunctions(functions))));
        }
        Object result = function.apply(MessageBuilder.withPayload(body).build());
        Message<?> reply = (Message<?>) result;
        Object status = reply.getHeaders().get(JsonFunctions.STATUS_HEADER);
        return ResponseEntity.status(status instanceof Integer code ? code : 200)
                .contentType(MediaType.APPLICATION_JSON)
                .body((byte[]) reply.getPayload());
    }
}
