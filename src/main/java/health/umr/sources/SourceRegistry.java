package health.umr.sources;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.Source;
import health.umr.store.SourceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The registered sources. Lookups by system are on every ingested resource, so they are cached;
 * a miss goes to the database, so a source registered by another instance is still found.
 */
@ApplicationScoped
public class SourceRegistry {

    private final SourceRepository repository;
    private final ConcurrentMap<String, Source> bySystem = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Source> byId = new ConcurrentHashMap<>();

    public SourceRegistry(SourceRepository repository) {
        this.repository = repository;
    }

    /** Registers or updates a source; answers true when it is new. */
    @Transactional
    public boolean register(Source source) {
        Optional<Source> holder = repository.findBySystem(source.system());
        if (holder.isPresent() && !holder.get().id().equals(source.id())) {
            throw new InvalidInputException(
                    ErrorCode.CONFLICT,
                    "system " + source.system() + " already belongs to source '"
                            + holder.get().id() + "'; each system names one source");
        }
        boolean created = repository.save(source);
        forget(source.id());
        return created;
    }

    @Transactional
    public List<Source> list() {
        return repository.listAll();
    }

    /**
     * The source with this id. A cached one is answered without a transaction (this is on every
     * Kafka message and every stored record's source); a miss reads the database in the caller's
     * transaction, or in one of its own.
     */
    public Optional<Source> findById(String id) {
        Source cached = byId.get(id);
        return cached != null
                ? Optional.of(cached)
                : QuarkusTransaction.joiningExisting().call(() -> load(repository.findById(id)));
    }

    /** The source whose system is this meta.source (anything after '#' is ignored); cached as {@link #findById}. */
    public Optional<Source> findBySystem(String metaSource) {
        String system = Source.stripFragment(metaSource);
        Source cached = bySystem.get(system);
        return cached != null
                ? Optional.of(cached)
                : QuarkusTransaction.joiningExisting().call(() -> load(repository.findBySystem(system)));
    }

    private Optional<Source> load(Optional<Source> found) {
        found.ifPresent(source -> {
            byId.put(source.id(), source);
            bySystem.put(source.system(), source);
        });
        return found;
    }

    private void forget(String id) {
        Source old = byId.remove(id);
        if (old != null) {
            bySystem.remove(old.system());
        }
    }
}
