package health.umr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The consumer group's static member ids: stable across restarts, different between instances. */
class InstanceIdTest {

    @Test
    void umrInstanceIdIsTakenAsItIs() {
        assertEquals("umr-a", KafkaIngestion.instanceId(Optional.of("umr-a"), Optional.of("/srv/umr/data/postgres")));
    }

    @Test
    void withoutOne_itIsTheHost_andTheEmbeddedDatabaseDirectory_soARestartKeepsItAndAnotherDirectoryDoesNot() {
        String one = KafkaIngestion.instanceId(Optional.empty(), Optional.of("/home/a/umr/data/postgres"));
        assertEquals(one, KafkaIngestion.instanceId(Optional.empty(), Optional.of("/home/a/umr/data/postgres")));
        assertNotEquals(one, KafkaIngestion.instanceId(Optional.empty(), Optional.of("/home/a/umr2/data/postgres")));
        assertNotEquals(one, KafkaIngestion.instanceId(Optional.empty(), Optional.empty()));
    }
}
