package health.umr.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * umr_kafka_consumer_lag{topic, partition}: messages on a partition this instance consumes that it
 * has not yet taken (log end minus the position it will read next, which after a failed batch is the
 * batch's start again). Only partitions assigned here; a partition that moves away drops its gauge.
 */
final class ConsumerLag {

    static final String METRIC = "umr.kafka.consumer.lag";

    private final MeterRegistry metrics;
    private final Map<TopicPartition, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Gauge> gauges = new ConcurrentHashMap<>();

    ConsumerLag(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    void record(TopicPartition partition, long lag) {
        lags.computeIfAbsent(partition, this::register).set(lag);
    }

    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            lags.remove(partition);
            Gauge gauge = gauges.remove(partition);
            if (gauge != null) {
                metrics.remove(gauge);
            }
        }
    }

    private AtomicLong register(TopicPartition partition) {
        AtomicLong lag = new AtomicLong();
        gauges.put(
                partition,
                Gauge.builder(METRIC, lag, AtomicLong::get)
                        .description("inbound messages on this partition not yet taken by this instance")
                        .tag("topic", partition.topic())
                        .tag("partition", Integer.toString(partition.partition()))
                        .register(metrics));
        return lag;
    }
}
