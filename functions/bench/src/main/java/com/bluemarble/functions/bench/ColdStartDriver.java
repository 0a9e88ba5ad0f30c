package com.bluemarble.functions.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * A stand-in for the Lambda runtime's first invocation: constructs the handler the Lambda is
 * configured with ({@code FunctionInvoker}, function chosen by spring.cloud.function.definition),
 * feeds it one event, prints the response on one marked line, then waits for stdin to close so
 * the harness can read the process's resident memory at that point.
 */
public final class ColdStartDriver {

    public static final String MARKER = "FIRST-RESPONSE ";
    public static final String LOADED_CLASSES = "LOADED-CLASSES ";

    public static void main(String[] args) throws IOException {
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        FunctionInvoker invoker = new FunctionInvoker();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event), out, null);
        // Before the response line: classes loaded until the first response (a cold start's work, whatever the load).
        System.out.println(LOADED_CLASSES
                + java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.out.println(MARKER + out.toString(StandardCharsets.UTF_8).replace('\n', ' '));
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the harness to close stdin
        }
        System.exit(0);
    }

    private ColdStartDriver() {}
}
