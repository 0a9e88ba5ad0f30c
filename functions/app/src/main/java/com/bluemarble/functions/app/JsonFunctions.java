package com.bluemarble.functions.app;

import com.amazonaws.services.lambda.runtime.Context;
import com.bluemarble.functions.app.telemetry.AppTelemetry;
import com.bluemarble.functions.app.telemetry.Invocation;
import com.bluemarble.functions.app.telemetry.RequestKeys;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.error.ErrorKind;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
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
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Turns a typed handler into a function bean that takes and returns raw JSON bytes, so every
 * transport (Lambda direct invocation, API Gateway HTTP API v2 through {@code FunctionInvoker},
 * the local HTTP server) gets the same strict parsing and the same error bodies. The status
 * travels in the {@code statusCode} header, which the AWS adapter turns into the HTTP status of an
 * API Gateway answer; a direct Lambda invocation has no status, so a non-2xx answer to it becomes a
 * Lambda function error ({@link LambdaFunctionError}: errorType = the error code).
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
            // Jackson turns numbers and booleans into strings (and "" into null) whatever
            // ALLOW_COERCION_OF_SCALARS says: every scalar coercion fails instead (issue 11 item 5).
            .withCoercionConfigDefaults(JsonFunctions::failEveryScalarCoercion)
            .withCoercionConfig(LogicalType.Textual, JsonFunctions::failEveryScalarCoercion)
            .withCoercionConfig(LogicalType.Integer, JsonFunctions::failEveryScalarCoercion)
            .withCoercionConfig(LogicalType.Float, JsonFunctions::failEveryScalarCoercion)
            .withCoercionConfig(LogicalType.Boolean, JsonFunctions::failEveryScalarCoercion)
            .withCoercionConfig(LogicalType.POJO, JsonFunctions::failEveryScalarCoercion)
            .withCoercionConfig(LogicalType.Map, JsonFunctions::failEveryScalarCoercion)
            .withCoercionConfig(LogicalType.Collection, JsonFunctions::failEveryScalarCoercion)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    static {
        AppTelemetry.install(); // metrics and tracing ports of the core and adapters (docs/operations.md)
    }

    private JsonFunctions() {}

    private static void failEveryScalarCoercion(MutableCoercionConfig config) {
        for (CoercionInputShape shape : new CoercionInputShape[] {
            CoercionInputShape.Integer,
            CoercionInputShape.Float,
            CoercionInputShape.Boolean,
            CoercionInputShape.String,
            CoercionInputShape.EmptyString,
            CoercionInputShape.EmptyArray,
            CoercionInputShape.EmptyObject
        }) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
        config.setAcceptBlankAsEmpty(false);
    }

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
                        throw new DomainException(
                                ErrorCode.REQUEST_TOO_LARGE,
                                name + " accepts at most " + maxRequestBytes + " bytes; got " + body.length);
                    }
                    invocation.keys(RequestKeys.of(body));
                    reply = handler.apply(parse(body, requestType));
                } catch (DomainException e) {
                    reply = errorReply(name, e);
                } catch (RuntimeException e) {
                    log.error("{} failed", name, e);
                    reply = new Reply(
                            500,
                            new ErrorBody(ErrorCode.INTERNAL.name(), "unexpected failure; see the function's logs"));
                }
                invocation.answered(reply.status(), errorCode(reply));
            }
            byte[] answer = JSON.writeValueAsBytes(reply.body());
            if (directLambdaInvocation(message) && (reply.status() < 200 || reply.status() > 299)) {
                // No HTTP status travels back to a direct caller: a Lambda function error is the signal a state
                // machine can Retry or Catch on (errorType = the code, errorMessage = the JSON body).
                throw LambdaFunctionError.of(
                        errorCode(reply), reply.status(), new String(answer, StandardCharsets.UTF_8));
            }
            return MessageBuilder.withPayload(answer)
                    .setHeader(STATUS_HEADER, reply.status())
                    .setHeader("Content-Type", "application/json")
                    .build();
        };
    }

    /**
     * Invoked by the Lambda runtime with its event as the request (Step Functions, EventBridge, {@code aws lambda
     * invoke}), not through API Gateway: the AWS adapter put Lambda's {@link Context} in the headers (a Java object:
     * no request JSON can forge it) and did not recognise an API Gateway event. The local server, tests calling the
     * beans and SnapStart priming pass no Context, so they keep the answer with its status header.
     */
    static boolean directLambdaInvocation(Message<?> message) {
        return message.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT) instanceof Context
                && !Boolean.TRUE.equals(message.getHeaders().get(API_GATEWAY_HEADER));
    }

    private static Reply errorReply(String name, DomainException e) {
        if (e.kind() == ErrorKind.INTERNAL || e.kind() == ErrorKind.UNAVAILABLE) {
            log.warn("{}: {} {}", name, e.code(), e.getMessage(), e.getCause());
        }
        return new Reply(e.kind().httpStatus(), errorBody(e));
    }

    /** {@code {"error": code, "message": text}} followed by the exception's details, in their order. */
    static Map<String, Object> errorBody(DomainException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code());
        if (e.getMessage() != null) {
            body.put("message", e.getMessage());
        }
        e.details().forEach(body::putIfAbsent);
        return body;
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
        if (reply.body() instanceof Map<?, ?> body && body.get("error") instanceof String code) {
            return code;
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
            throw new DomainException(ErrorCode.MALFORMED_JSON, "the request body is empty; send a JSON object");
        }
        if (!startsAsObject(body)) {
            throw new DomainException(ErrorCode.MALFORMED_JSON, "the request body must be one JSON object");
        }
        try {
            return JSON.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new DomainException(ErrorCode.UNKNOWN_FIELD, "unknown field '" + path(e) + "'");
        } catch (InputCoercionException e) {
            throw new DomainException(
                    ErrorCode.NUMBER_OUT_OF_RANGE,
                    "a number is outside the 64-bit integer range (at most " + Long.MAX_VALUE + ")");
        } catch (StreamReadException e) {
            throw new DomainException(
                    ErrorCode.MALFORMED_JSON, "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (DatabindException e) {
            if (e.getCause() instanceof DomainException domain) {
                throw domain; // a request record's own check
            }
            String where = path(e);
            if (where.isEmpty()) { // e.g. a second value after the object (Jackson's text names our classes)
                throw new DomainException(
                        ErrorCode.MALFORMED_JSON, "the request body must be one JSON object with nothing after it");
            }
            // Jackson's own message names internal classes (e.g. EconomyRequests$Side): say what is expected.
            String expected = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? expectedJsonType(mismatch.getTargetType())
                    : "a value of another type";
            throw new DomainException(ErrorCode.INVALID_FIELD, "field '" + where + "' must be " + expected);
        } catch (JacksonException e) {
            throw new DomainException(ErrorCode.MALFORMED_JSON, "the request body is not one valid JSON object");
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

    /** {@code a.b[0].c}: the field path as the request spells it. */
    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The JSON type a request field of {@code type} takes, in the contract's words. */
    static String expectedJsonType(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == Long.class
                || type == long.class
                || type == Integer.class
                || type == int.class
                || type == Short.class
                || type == short.class
                || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "a string";
        }
        return "an object";
    }
}
