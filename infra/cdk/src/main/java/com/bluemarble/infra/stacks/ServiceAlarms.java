package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/** The region's alarms and the one SNS topic they notify (subscribe on-call by e-mail via -c alarmEmail=...). */
public final class ServiceAlarms extends Construct {

    private final Topic alarmTopic;
    private final SnsAction alarmAction;

    public ServiceAlarms(
            Construct scope,
            String id,
            DeploymentConfig config,
            List<FunctionSpec> specs,
            Map<String, Function> functions,
            StorageStack storage) {
        super(scope, id);
        Stack stack = Stack.of(this);
        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("BlueMarble alarms " + stack.getRegion())
                .enforceSsl(true)
                .build();
        alarmTopic.grantPublish(new ServicePrincipal("cloudwatch.amazonaws.com")
                .withConditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount()))));
        config.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));
        alarmAction = new SnsAction(alarmTopic);

        for (FunctionSpec spec : specs) {
            Function function = functions.get(spec.name());
            alarm(
                    spec.name() + "ErrorsAlarm",
                    "bluemarble-" + spec.name() + "-errors",
                    "BlueMarble " + spec.name() + " reported invocation errors",
                    function.metricErrors(fiveMinuteSum()));
            alarm(
                    spec.name() + "ThrottlesAlarm",
                    "bluemarble-" + spec.name() + "-throttles",
                    "BlueMarble " + spec.name() + " was throttled",
                    function.metricThrottles(fiveMinuteSum()));
        }
        alarm(
                "SnapshotDeadLetterQueueAlarm",
                "bluemarble-snapshot-dlq-depth",
                "Player snapshots reached the dead-letter queue after repeated writer failures",
                storage.snapshotDeadLetterQueue()
                        .metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .period(Duration.minutes(5))
                                .statistic("Maximum")
                                .build()));
    }

    private static MetricOptions fiveMinuteSum() {
        return MetricOptions.builder()
                .period(Duration.minutes(5))
                .statistic("Sum")
                .build();
    }

    private void alarm(String id, String name, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(alarmAction);
        alarm.addOkAction(alarmAction);
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }
}
