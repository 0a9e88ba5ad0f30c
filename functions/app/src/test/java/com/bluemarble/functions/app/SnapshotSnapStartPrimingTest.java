package com.bluemarble.functions.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SnapStart priming of the snapshot functions: it runs them and enqueues or writes nothing. */
class SnapshotSnapStartPrimingTest {

    @Test
    void primingTheSnapshotFunctionsEnqueuesNothing() {
        AwsEmulator aws = Emulators.aws();
        AwsResources resources =
                aws.provision("prime-" + UUID.randomUUID().toString().substring(0, 8));
        String queueUrl = resources.queueUrl("player-snapshots");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BlueMarbleFunctionsApplication.class)
                        .web(WebApplicationType.NONE)
                        .run(
                                "--bluemarble.aws.endpoint-url=" + aws.endpoint(),
                                "--bluemarble.aws.region=" + AwsEmulator.REGION.id(),
                                "--bluemarble.snapshots.queue-url=" + queueUrl,
                                "--bluemarble.snapshots.table-name=" + resources.table("player-snapshots"),
                                "--bluemarble.snapshots.erasure-table=" + resources.table("player-erasures"),
                                "--bluemarble.snapshots.bucket=" + resources.bucket("bluemarble-snapshot-states"));
                SqsClient sqs = AwsEmulator.clientsAt(aws.endpoint())
                        .configure(SqsClient.builder())
                        .build()) {
            FunctionCatalog catalog = context.getBean(FunctionCatalog.class);
            for (String name : new String[] {"snapshotIngest", "snapshotLoad", "snapshotWriter"}) {
                assertThat(new SnapStartPriming(catalog, name).prime()).as(name).isEqualTo(SnapStartPriming.ROUNDS);
            }
            String queued = sqs.getQueueAttributes(
                            r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            assertThat(queued).isEqualTo("0");
        }
    }
}
