package com.bluemarble.functions.local;

import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code GET /_status}: one plain HTML page (inline SVG, refreshes itself every 5 s, no script, no
 * build step) with each function's rate, p50/p99 and error codes over the last minutes, the
 * snapshot queue's depth and the writer's lag, and each emulator's health. Its figures are the
 * EMF metrics the functions emit, as {@link LocalMetrics} receives them.
 */
@RestController
class StatusPageController implements DisposableBean {

    static final int RECENT_SECONDS = 60;
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final LocalMetrics metrics;
    private final String queueUrl;
    private final String dlqUrl;
    private final SqsClient sqs;

    StatusPageController(
            LocalMetrics metrics,
            @Value("${bluemarble.snapshots.queue-url}") String queueUrl,
            @Value("${bluemarble.local.snapshot-dlq-url:}") String dlqUrl,
            AwsClientConfigurer aws) {
        this.metrics = metrics;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
        this.sqs = aws.configure(SqsClient.builder(), Duration.ofSeconds(2)).build();
    }

    record Health(String name, String where, boolean up, double connectMillis) {}

    record Queue(String name, long visible, long inFlight, String error) {}

    @GetMapping(path = "/_status", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        List<LocalMetrics.Series> series = metrics.series(RECENT_SECONDS);
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!doctype html><html lang=en><head><meta charset=utf-8>")
                .append("<meta http-equiv=refresh content=5><title>BlueMarble local status</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}")
                .append("table{border-collapse:collapse;margin-bottom:1.5em}")
                .append("td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right;vertical-align:middle}")
                .append("th{background:#f4f4f4}td.l,th.l{text-align:left}.up{color:#18794e}.down{color:#c62828}")
                .append(".err{color:#c62828}small{color:#777}svg{display:block}</style></head><body>")
                .append("<h1>BlueMarble local status</h1><p><small>")
                .append(CLOCK.format(Instant.now()))
                .append(" UTC &middot; rate and percentiles over the last ")
                .append(RECENT_SECONDS)
                .append(" s; charts and error codes over the last ")
                .append(LocalMetrics.WINDOW_SECONDS / 60)
                .append(" min in ")
                .append(LocalMetrics.BUCKET_SECONDS)
                .append(" s buckets (bars: calls, line: p99). The figures are the functions' EMF metrics.</small></p>");

        html.append("<h2>Functions</h2><table id=functions><tr><th class=l>function</th><th>calls</th>")
                .append("<th>rate /s</th><th>p50 ms</th><th>p99 ms</th><th class=l>error codes</th>")
                .append("<th class=l>last ")
                .append(LocalMetrics.WINDOW_SECONDS / 60)
                .append(" min</th></tr>");
        if (series.isEmpty()) {
            html.append("<tr><td class=l colspan=7>no calls yet: try <code>curl -s -XPOST ")
                    .append("localhost:PORT/economyAudit -d '{}'</code></td></tr>");
        }
        for (LocalMetrics.Series s : series) {
            long calls = Math.round(s.totals().getOrDefault(MetricNames.INVOCATIONS, 0.0));
            html.append("<tr data-function=\"")
                    .append(escape(s.function()))
                    .append("\"><td class=l>")
                    .append(escape(s.function()))
                    .append("</td><td class=calls>")
                    .append(calls)
                    .append("</td><td>")
                    .append(format(s.ratePerSecond(), 2))
                    .append("</td><td>")
                    .append(format(s.p50(), 1))
                    .append("</td><td>")
                    .append(format(s.p99Last(), 1))
                    .append("</td><td class=l>")
                    .append(
                            s.errorCodes().isEmpty()
                                    ? "&ndash;"
                                    : "<span class=err>"
                                            + s.errorCodes().entrySet().stream()
                                                    .map(e -> escape(e.getKey()) + "&nbsp;" + e.getValue())
                                                    .collect(Collectors.joining(", "))
                                            + "</span>")
                    .append("</td><td class=l>")
                    .append(chart(s))
                    .append("</td></tr>");
        }
        html.append("</table>");

        html.append("<h2>Snapshot write-behind</h2><table id=queues><tr><th class=l>queue</th><th>visible</th>")
                .append("<th>in flight</th><th class=l>writer</th></tr>");
        LocalMetrics.Series writer = series.stream()
                .filter(s -> s.function().equals("snapshotWriter"))
                .findFirst()
                .orElse(null);
        for (Queue queue : queues()) {
            html.append("<tr><td class=l>").append(escape(queue.name())).append("</td>");
            if (queue.error() != null) {
                html.append("<td class=\"l err\" colspan=3>")
                        .append(escape(queue.error()))
                        .append("</td></tr>");
                continue;
            }
            html.append("<td>")
                    .append(queue.visible())
                    .append("</td><td>")
                    .append(queue.inFlight())
                    .append("</td><td class=l>")
                    .append(queue.name().endsWith("-dlq") ? dlqNote(queue) : writerLag(queue, writer))
                    .append("</td></tr>");
        }
        html.append("</table>");

        html.append("<h2>Emulators</h2><table id=emulators><tr><th class=l>emulator</th><th class=l>where</th>")
                .append("<th class=l>health</th><th>connect ms</th></tr>");
        for (Health health : health()) {
            html.append("<tr><td class=l>")
                    .append(escape(health.name()))
                    .append("</td><td class=l>")
                    .append(escape(health.where()))
                    .append("</td><td class=\"l ")
                    .append(health.up() ? "up\">up" : "down\">DOWN")
                    .append("</td><td>")
                    .append(health.up() ? format(health.connectMillis(), 1) : "&ndash;")
                    .append("</td></tr>");
        }
        html.append("</table></body></html>");
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html.toString());
    }

    private static String dlqNote(Queue queue) {
        return queue.visible() + queue.inFlight() > 0
                ? "<span class=err>messages that can never apply: look at them</span>"
                : "empty";
    }

    /** Locally the lag is estimated as depth / recent write rate (in AWS: ApproximateAgeOfOldestMessage). */
    private static String writerLag(Queue queue, LocalMetrics.Series writer) {
        long depth = queue.visible() + queue.inFlight();
        if (depth == 0) {
            return "caught up (lag 0 s)";
        }
        double perSecond = writer == null
                ? 0
                : recentSum(writer, MetricNames.SNAPSHOT_MESSAGES_IN, RECENT_SECONDS) / RECENT_SECONDS;
        return perSecond <= 0
                ? "<span class=err>not draining (no writes in the last " + RECENT_SECONDS + " s)</span>"
                : "lag &asymp; " + format(depth / perSecond, 1) + " s at " + format(perSecond, 1) + " msg/s";
    }

    private static double recentSum(LocalMetrics.Series series, String metric, int seconds) {
        return series.recentTotals().getOrDefault(metric, 0.0);
    }

    private List<Queue> queues() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put(queueUrl.substring(queueUrl.lastIndexOf('/') + 1), queueUrl);
        if (dlqUrl != null && !dlqUrl.isBlank()) {
            urls.put(dlqUrl.substring(dlqUrl.lastIndexOf('/') + 1), dlqUrl);
        }
        List<Queue> queues = new ArrayList<>();
        urls.forEach((name, url) -> {
            try {
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                                .attributeNames(
                                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                        .attributes();
                queues.add(new Queue(
                        name,
                        Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                        Long.parseLong(attributes.getOrDefault(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
                        null));
            } catch (RuntimeException e) {
                queues.add(new Queue(name, 0, 0, "unreachable: " + e.getClass().getSimpleName()));
            }
        });
        return queues;
    }

    private static List<Health> health() {
        List<Health> all = new ArrayList<>();
        String spanner = Emulators.spanner().host();
        all.add(probe("Cloud Spanner emulator", spanner, URI.create("tcp://" + spanner)));
        URI aws = Emulators.aws().endpoint();
        all.add(probe("AWS APIs (SQS, S3, DynamoDB)", aws.toString(), aws));
        List<URI> redis = Emulators.redis().uris();
        for (int i = 0; i < redis.size(); i++) {
            all.add(probe("Redis shard " + i, redis.get(i).toString(), redis.get(i)));
        }
        return all;
    }

    private static Health probe(String name, String where, URI uri) {
        long start = System.nanoTime();
        boolean up = Ports.isOpen(uri.getHost(), uri.getPort());
        return new Health(name, where, up, (System.nanoTime() - start) / 1e6);
    }

    /** Bars: calls per bucket; line: p99 per bucket (own scale). */
    static String chart(LocalMetrics.Series s) {
        int width = 300;
        int height = 40;
        int n = s.invocations().length;
        double barWidth = width / (double) n;
        double maxCalls = 1;
        double maxP99 = 1;
        for (int i = 0; i < n; i++) {
            maxCalls = Math.max(maxCalls, s.invocations()[i]);
            if (!Double.isNaN(s.p99()[i])) {
                maxP99 = Math.max(maxP99, s.p99()[i]);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg width=")
                .append(width)
                .append(" height=")
                .append(height)
                .append(" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=img aria-label=\"calls and p99 of ")
                .append(escape(s.function()))
                .append("\"><rect width=")
                .append(width)
                .append(" height=")
                .append(height)
                .append(" fill=\"#fafafa\"/>");
        for (int i = 0; i < n; i++) {
            double h = s.invocations()[i] / maxCalls * (height - 4);
            if (h > 0) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#8ab4f8\"/>",
                        i * barWidth,
                        height - h,
                        Math.max(1, barWidth - 1),
                        h));
            }
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(s.p99()[i])) {
                points.append(String.format(
                        Locale.ROOT,
                        "%.1f,%.1f ",
                        i * barWidth + barWidth / 2,
                        height - 2 - s.p99()[i] / maxP99 * (height - 6)));
            }
        }
        if (points.length() > 0) {
            svg.append("<polyline fill=none stroke=\"#d93025\" stroke-width=1.5 points=\"")
                    .append(points.toString().trim())
                    .append("\"/>");
        }
        return svg.append("</svg><small>max ")
                .append(Math.round(maxCalls))
                .append(" calls/")
                .append(LocalMetrics.BUCKET_SECONDS)
                .append(" s, p99 up to ")
                .append(format(maxP99, 0))
                .append(" ms</small>")
                .toString();
    }

    private static String format(double value, int decimals) {
        return Double.isNaN(value) ? "&ndash;" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    @Override
    public void destroy() {
        sqs.close();
    }
}
