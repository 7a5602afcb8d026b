package health.umr.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Source;
import health.umr.domain.SourceSetting;
import health.umr.store.SourceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The registry's look-ups answer a cached source without a transaction, and a miss still reads the
 * database, from a thread with no transaction and no request context (as a Kafka consumer's) and
 * inside a caller's transaction alike: a source another instance registered is found.
 */
@QuarkusTest
class SourceRegistryTest {

    @Inject
    SourceRegistry registry;

    @Inject
    SourceRepository repository;

    @Test
    void aSourceOnlyTheDatabaseKnowsIsFoundFromAPlainThreadAndInATransaction() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Source byOther = new Source(
                "reg-" + suffix, SourceSetting.GP, "Registered elsewhere", "https://reg.example/" + suffix, "REG1");
        Source another = new Source(
                "reg2-" + suffix, SourceSetting.ACUTE, "Also elsewhere", "https://reg2.example/" + suffix, "REG2");
        // written behind the registry's back, as another instance would: not in this one's cache
        QuarkusTransaction.requiringNew().run(() -> {
            repository.save(byOther);
            repository.save(another);
        });

        ExecutorService plain = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<Source>> bySystem =
                    plain.submit(() -> registry.findBySystem(byOther.system() + "#fragment"));
            assertEquals(Optional.of(byOther.id()), bySystem.get().map(Source::id));
            assertEquals(
                    Optional.of(byOther.system()),
                    plain.submit(() -> registry.findById(byOther.id())).get().map(Source::system));
            assertTrue(plain.submit(() -> registry.findById("reg-missing-" + suffix))
                    .get()
                    .isEmpty());
            assertTrue(plain.submit(() -> registry.findBySystem("https://reg-missing.example/" + suffix))
                    .get()
                    .isEmpty());
        } finally {
            plain.shutdown();
        }
        // a miss inside a caller's transaction reads in that transaction, and it goes on
        assertEquals(
                Optional.of(another.id()),
                QuarkusTransaction.requiringNew()
                        .call(() -> registry.findBySystem(another.system()))
                        .map(Source::id));
        // now cached: the same answer
        assertEquals(Optional.of(another.id()), registry.findById(another.id()).map(Source::id));
    }
}
