package com.bluemarble.functions.local;

import com.bluemarble.functions.adapter.s3.config.GameConfigJson;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.aws.AwsClientSettings;
import com.bluemarble.functions.core.config.GameConfig;
import com.bluemarble.functions.core.config.InvalidGameConfigException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code ./dev config publish FILE}: validates a game config document with the parser the functions
 * use, checks that its version is above the published one, uploads it to the config bucket of the
 * running {@code ./dev up} (found through {@link DevUpState}), and says when the functions will use it.
 * Exit 0 = uploaded; 1 = invalid document or refused version; 2 = no running stack.
 */
@Command(
        name = "dev config publish",
        mixinStandardHelpOptions = true,
        description = "Validate a game config document and publish it to the running ./dev up.")
final class ConfigPublish implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the game config document (JSON)")
    Path file;

    @Option(
            names = "--state",
            description = "the state file ./dev up writes (default: ${DEFAULT-VALUE})",
            defaultValue = "target/dev-up/state.json")
    Path state;

    @Option(names = "--validate-only", description = "validate the document; upload nothing")
    boolean validateOnly;

    private final PrintStream out;
    private final PrintStream err;

    ConfigPublish(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return new CommandLine(new ConfigPublish(out, err)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        byte[] document;
        try {
            document = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            err.println("No such file: " + file);
            return 1;
        }
        GameConfig config;
        try {
            config = GameConfigJson.parse(document);
        } catch (InvalidGameConfigException e) {
            err.println(file + " is not a valid game config: " + e.getMessage());
            err.println("Nothing was published; the functions keep the config they have.");
            return 1;
        }
        out.println(file + ": valid game config version " + config.version() + " ("
                + config.offers().size()
                + " offers, " + config.recipes().size() + " recipes, market fee "
                + config.market().feeBasisPoints()
                + " basis points)");
        if (validateOnly) {
            return 0;
        }
        DevUpState stack;
        try {
            stack = DevUpState.read(state);
        } catch (NoSuchFileException e) {
            err.println("No running ./dev up found (" + state + " is missing): start it with ./dev up first.");
            return 2;
        }
        if (!stack.isAlive()) {
            err.println("The ./dev up recorded in " + state + " (pid " + stack.pid()
                    + ") is not running: start it with ./dev up first.");
            return 2;
        }
        try (S3Client s3 = s3(stack, Duration.ofSeconds(10))) {
            Long current = currentVersion(s3, stack);
            if (current != null && config.version() <= current) {
                err.println("Refused: version " + config.version() + " is not above the published version " + current
                        + " (the functions would reject it). Raise \"version\" and publish again.");
                return 1;
            }
            s3.putObject(
                    r -> r.bucket(stack.configBucket()).key(stack.configKey()).contentType("application/json"),
                    RequestBody.fromBytes(document));
        }
        Instant by = Instant.now().plusSeconds(stack.configPollSeconds()).truncatedTo(ChronoUnit.SECONDS);
        out.println(
                "Published to s3://" + stack.configBucket() + "/" + stack.configKey() + " (" + stack.baseUrl() + ").");
        out.println("The functions re-check the config at most every " + stack.configPollSeconds()
                + " s: every call made after " + by + " uses version " + config.version() + ".");
        return 0;
    }

    /** The version of the document in the bucket now, or null when there is none (or it is not a valid one). */
    private Long currentVersion(S3Client s3, DevUpState stack) {
        try {
            byte[] published = s3.getObjectAsBytes(
                            r -> r.bucket(stack.configBucket()).key(stack.configKey()))
                    .asByteArray();
            return GameConfigJson.parse(published).version();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (InvalidGameConfigException e) {
            return null;
        }
    }

    /** An S3 client for the running stack's emulator, built like every AWS client of the project. */
    static S3Client s3(DevUpState stack, Duration callTimeout) {
        return new AwsClientConfigurer(
                        AwsClientSettings.endpoint(URI.create(stack.awsEndpoint()), Region.of(stack.region())))
                .configure(S3Client.builder(), callTimeout)
                .build();
    }
}
