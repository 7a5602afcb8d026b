package health.umr.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A consumer with UMR's own settings (KafkaClients) as a static member of a group, in a JVM of its
 * own, so a test can kill it with SIGKILL mid-stream: args bootstrap servers, group, instance id,
 * topic. Prints "TAKEN n" after each batch it commits.
 */
public final class StaticMemberLauncher {

    private StaticMemberLauncher() {}

    public static void main(String[] args) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                KafkaClients.consumer(args[0], args[1], 500, Optional.of(args[2]), Duration.ofSeconds(45))) {
            consumer.subscribe(List.of(args[3]));
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    consumer.commitSync();
                    System.out.println("TAKEN " + records.count());
                    System.out.flush();
                }
            }
        }
    }
}
