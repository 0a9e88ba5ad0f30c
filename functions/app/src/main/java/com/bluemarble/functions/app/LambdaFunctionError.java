package com.bluemarble.functions.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.asm.ClassWriter;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;

/**
 * What a direct Lambda invocation (Step Functions, EventBridge, {@code aws lambda invoke}) gets for a non-2xx
 * answer: a Lambda function error whose {@code errorType} is the answer's error code (e.g. {@code STORE_UNAVAILABLE})
 * and whose {@code errorMessage} is the JSON error body. A state machine can then {@code Retry} on
 * {@code STORE_UNAVAILABLE} and {@code Catch} the rest.
 *
 * <p>The Java runtime reports an uncaught exception's fully qualified class name as {@code errorType} and its message
 * as {@code errorMessage}; nothing else sets them. So each code gets its own subclass in the unnamed package, named
 * exactly like the code, generated once on first use (Spring's repackaged ASM, a few hundred bytes per class). The
 * stack trace is not captured: it would be noise in the error document.
 */
public class LambdaFunctionError extends RuntimeException {

    /** Codes are ErrorCode names (or a record's {@code error} field); anything else falls back to {@code HTTP_<status>}. */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,99}");

    private static final Map<String, Class<? extends LambdaFunctionError>> TYPES = new ConcurrentHashMap<>();
    private static final Definer DEFINER = new Definer(LambdaFunctionError.class.getClassLoader());

    protected LambdaFunctionError(String message) {
        super(message, null, false, false);
    }

    /** The errorType Lambda reports: the class name, i.e. the code. */
    public String errorType() {
        return getClass().getName();
    }

    /**
     * @param code the answer's error code (the body's {@code error}), or null
     * @param status the HTTP status the answer would have had
     * @param jsonBody the answer's JSON body, reported as the error message
     */
    public static LambdaFunctionError of(String code, int status, String jsonBody) {
        String type = code != null && CODE.matcher(code).matches() ? code : "HTTP_" + status;
        try {
            return TYPES.computeIfAbsent(type, DEFINER::define)
                    .getDeclaredConstructor(String.class)
                    .newInstance(jsonBody);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the Lambda error type " + type, e);
        }
    }

    /** Defines {@code public final class <CODE> extends LambdaFunctionError { public <CODE>(String m) { super(m); } }}. */
    private static final class Definer extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        Definer(ClassLoader parent) {
            super(parent);
        }

        @SuppressWarnings("unchecked")
        Class<? extends LambdaFunctionError> define(String name) {
            String superName = Type.getInternalName(LambdaFunctionError.class);
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            cw.visit(
                    Opcodes.V17,
                    Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                    name,
                    null,
                    superName,
                    null);
            MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Ljava/lang/String;)V", null, null);
            init.visitCode();
            init.visitVarInsn(Opcodes.ALOAD, 0);
            init.visitVarInsn(Opcodes.ALOAD, 1);
            init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "(Ljava/lang/String;)V", false);
            init.visitInsn(Opcodes.RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();
            cw.visitEnd();
            byte[] bytes = cw.toByteArray();
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return (Class<? extends LambdaFunctionError>)
                        (loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length));
            }
        }
    }
}
