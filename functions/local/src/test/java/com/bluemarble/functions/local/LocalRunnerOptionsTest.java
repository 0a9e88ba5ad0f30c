package com.bluemarble.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The documented {@code ./dev up} switches parse to what they say. */
class LocalRunnerOptionsTest {

    private static LocalRunner parse(String... args) {
        LocalRunner runner = new LocalRunner();
        new CommandLine(runner).parseArgs(args);
        return runner;
    }

    @Test
    void theSelfCheckRunsUnlessNoSelfCheckIsGiven() {
        assertThat(parse().selfCheck).isTrue();
        assertThat(parse("--self-check").selfCheck).isTrue();
        assertThat(parse("--no-self-check").selfCheck).isFalse();
    }

    @Test
    void portAndExitAfterSelfCheck() {
        LocalRunner runner = parse("--port", "0", "--exit-after-self-check");
        assertThat(runner.port).isZero();
        assertThat(runner.exitAfterSelfCheck).isTrue();
    }
}
