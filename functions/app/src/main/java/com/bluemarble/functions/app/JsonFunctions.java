package com.bluemarble.functions.app;

import com.amazonaws.services.lambda.runtime.Context;
import com.bluemarble.functions.app.telemetry.AppTelemetry;
import com.bluemarble.functions.app.telemetry.Invocation;
import com.bluemarble.functions.app.telemetry.RequestKeys;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a typed handler into a function bean that takes and returns raw JSON bytes, so every
 * transport (Lambda direct invocation, API Gateway HTTP API v2 through {@code FunctionInvoker},
 * the local HTTP server) gets the same strict parsing and the same error bodies. The status
 * travels in the {@code statusCode} header, which the AWS adapter turns into the HTTP status.
 */
public final class JsonFunctions {

    private static final Logger log = LoggerFactory.getLogger(JsonFunctions.class);
    /** Set by Spring Cloud Function's AWS adapter when the event is an API Gateway request. */
    static final String API_GATEWAY_HEADER = "aws-api-gateway";

    public static final String STATUS_HEADER = "statusCode";

    /** Strict: unknown or duplicate fields, floats for integers, strings for numbers are all 400. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    static {
        AppTelemetry.install(); // metrics and tracing ports of the core and adapters (docs/operations.md)
    }

    private JsonFunctions() {}

    /**
     * @param maxRequestBytes requests above this size are refused with 400 before parsing
     */
    public static <T> Function<Message<byte[]>, Message<byte[]>> endpoint(
            String name, Class<T> requestType, int maxRequestBytes, Function<T, Reply> handler) {
        return message -> {
            Reply reply;
            // Observability (docs/operations.md): log context, EMF metrics and the summary line.
            try (Invocation invocation = Invocation.start(name, awsRequestId(message), RequestKeys.NONE)) {
                try {
                    byte[] body = requestBody(message);
                    if (body.length > maxRequestBytes) {
                        throw DomainException.invalid(
                                "REQUEST_TOO_LARGE",
                                name + " accepts at most " + maxRequestBytes + " bytes; got " + body.length);
                    }
                    invocation.keys(RequestKeys.of(body));
                    reply = handler.apply(parse(body, requestType));
                } catch (DomainException e) {
                    reply = errorReply(name, e);
                } catch (RuntimeException e) {
                    log.error("{} failed", name, e);
                    reply = new Reply(500, new ErrorBody("INTERNAL", "unexpected failure; see the function's logs"));
                }
                invocation.answered(reply.status(), errorCode(reply));
            }
            return MessageBuilder.withPayload(JSON.writeValueAsBytes(reply.body()))
                    .setHeader(STATUS_HEADER, reply.status())
                    .setHeader("Content-Type", "application/json")
                    .build();
        };
    }

    private static Reply errorReply(String name, DomainException e) {
        if (e.kind() == ErrorKind.INTERNAL || e.kind() == ErrorKind.UNAVAILABLE) {
            log.warn("{}: {} {}", name, e.code(), e.getMessage(), e.getCause());
        }
        return new Reply(e.kind().httpStatus(), new ErrorBody(e.code(), e.getMessage()));
    }

    /** Lambda's request id, from the context the AWS adapter puts in the headers; null outside Lambda. */
    static String awsRequestId(Message<?> message) {
        return message.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT) instanceof Context context
                ? context.getAwsRequestId()
                : null;
    }

    /** The error code of a 4xx/5xx answer: the {@code error} field of its body (null for 2xx/3xx). */
    static String errorCode(Reply reply) {
        if (reply.status() < 400 || reply.body() == null) {
            return null;
        }
        if (reply.body() instanceof ErrorBody error) {
            return error.error();
        }
        if (reply.body().getClass().isRecord()) { // answers such as a rejected trade carry "error" too
            for (var component : reply.body().getClass().getRecordComponents()) {
                if (component.getName().equals("error") && component.getType() == String.class) {
                    try {
                        component.getAccessor().setAccessible(true);
                        return (String) component.getAccessor().invoke(reply.body());
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** The request JSON: the payload itself, or the body of an API Gateway HTTP API event. */
    static byte[] requestBody(Message<byte[]> message) {
        if (!Boolean.TRUE.equals(message.getHeaders().get(API_GATEWAY_HEADER))) {
            return message.getPayload();
        }
        JsonNode event = JSON.readTree(message.getPayload());
        JsonNode body = event.get("body");
        if (body == null || body.isNull()) {
            return new byte[0];
        }
        String text = body.asString();
        return event.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(text)
                : text.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw DomainException.invalid("MALFORMED_JSON", "the request body is empty; send a JSON object");
        }
        if (!startsAsObject(body)) {
            throw DomainException.invalid("MALFORMED_JSON", "the request body must be one JSON object");
        }
        try {
            return JSON.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw DomainException.invalid("UNKNOWN_FIELD", "unknown field '" + path(e) + "'");
        } catch (InputCoercionException e) {
            throw DomainException.invalid(
                    "NUMBER_OUT_OF_RANGE",
                    "a number is outside the 64-bit integer range (at most " + Long.MAX_VALUE + ")");
        } catch (StreamReadException e) {
            throw DomainException.invalid(
                    "MALFORMED_JSON", "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (DatabindException e) {
            String where = path(e);
            if (where.isEmpty()) { // e.g. a second value after the object
                throw DomainException.invalid(
                        "MALFORMED_JSON", "the request body must be one JSON object: " + e.getOriginalMessage());
            }
            throw DomainException.invalid(
                    "INVALID_FIELD", "field '" + where + "' has the wrong type: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw DomainException.invalid("MALFORMED_JSON", e.getOriginalMessage());
        }
    }

    private static boolean startsAsObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    private static String path(DatabindException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
