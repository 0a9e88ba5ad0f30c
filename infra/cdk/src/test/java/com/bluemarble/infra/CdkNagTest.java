package com.bluemarble.infra;

import static com.bluemarble.infra.TemplateJson.at;
import static com.bluemarble.infra.TemplateJson.list;
import static com.bluemarble.infra.TemplateJson.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * cdk-nag's AwsSolutions pack runs on the whole app (see {@link SynthesizedApp}); a finding without a
 * justified suppression is an error annotation. These tests fail on any such finding and on suppressions
 * that no longer suppress anything.
 */
class CdkNagTest {

    private final SynthesizedApp synth = SynthesizedApp.get();

    @Test
    void noStackHasAnUnsuppressedAwsSolutionsFinding() {
        List<String> findings = new ArrayList<>();
        for (Stack stack : synth.allStacks()) {
            for (SynthesisMessage m : synth.messages(stack)) {
                String text = String.valueOf(m.getEntry().getData());
                boolean fromNag = text.contains("AwsSolutions-") || text.contains("CdkNag");
                if (fromNag && m.getLevel() != SynthesisMessageLevel.INFO) {
                    findings.add(m.getLevel() + " " + m.getId() + ": " + text);
                }
            }
        }
        assertThat(findings).isEmpty();
    }

    @Test
    void nagReportsListNoNonCompliantResourceInAnyStack() throws IOException {
        Path out = Path.of(synth.assembly.getDirectory());
        for (Stack stack : synth.allStacks()) {
            Path report = out.resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.csv");
            assertThat(report).as("nag ran on " + stack.getStackName()).exists();
            List<String> lines = Files.readAllLines(report);
            assertThat(lines)
                    .as(stack.getStackName())
                    .hasSizeGreaterThan(1)
                    .noneMatch(l -> l.contains("\"Non-Compliant\""))
                    .noneMatch(l -> l.contains("\"UNKNOWN\""));
        }
    }

    /** Each declared suppression must still suppress a finding of that rule in the same construct subtree. */
    @Test
    void everySuppressionIsJustifiedAndStillInUse() throws IOException {
        Path out = Path.of(synth.assembly.getDirectory());
        List<String> problems = new ArrayList<>();
        for (Stack stack : synth.allStacks()) {
            Set<String> suppressedRows =
                    Files.readAllLines(out.resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.csv")).stream()
                            .filter(l -> l.contains("\"Suppressed\""))
                            .map(l -> l.split(",")[0].replace("\"", "") + " "
                                    + topConstruct(l.split(",")[1].replace("\"", "")))
                            .collect(Collectors.toCollection(TreeSet::new));
            for (Map.Entry<String, Object> e :
                    TemplateJson.resources(synth.json(stack)).entrySet()) {
                Map<String, Object> metadata = map(map(e.getValue()).get("Metadata"));
                for (Object rule : list(at(metadata, "cdk_nag.rules_to_suppress"))) {
                    String id = String.valueOf(map(rule).get("id"));
                    String reason = String.valueOf(map(rule).get("reason"));
                    String path = String.valueOf(metadata.get("aws:cdk:path"));
                    if (reason.length() < 60) problems.add(path + " " + id + ": reason too thin: " + reason);
                    if (!suppressedRows.contains(id + " " + topConstruct(path))) {
                        problems.add(path + " " + id + ": suppression no longer matches any finding");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** "BlueMarble-Service-us-east-1/grantRole/DefaultPolicy/Resource" → "grantRole". */
    private static String topConstruct(String path) {
        String[] parts = path.split("/");
        return parts.length > 1 ? parts[1] : path;
    }
}
