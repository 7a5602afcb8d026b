package health.umr.store;

import health.umr.domain.Source;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The registered sources. */
@ApplicationScoped
public class SourceRepository {

    public Optional<Source> findById(String id) {
        return SourceEntity.<SourceEntity>findByIdOptional(id).map(SourceEntity::toDomain);
    }

    public Optional<Source> findBySystem(String system) {
        return SourceEntity.<SourceEntity>find("system", system)
                .firstResultOptional()
                .map(SourceEntity::toDomain);
    }

    public List<Source> listAll() {
        return SourceEntity.<SourceEntity>listAll().stream()
                .map(SourceEntity::toDomain)
                .sorted(java.util.Comparator.comparing(Source::id))
                .toList();
    }

    /** Registers or updates; answers true when the source is new. Must run in a transaction. */
    public boolean save(Source source) {
        SourceEntity entity = SourceEntity.findById(source.id());
        boolean created = entity == null;
        Instant now = Instant.now();
        if (created) {
            entity = new SourceEntity();
            entity.id = source.id();
            entity.createdAt = now;
        }
        entity.setting = source.setting().code();
        entity.name = source.name();
        entity.system = source.system();
        entity.ods = source.ods();
        entity.staleAfter = source.staleAfter();
        entity.clients = source.clients().toArray(String[]::new);
        entity.updatedAt = now;
        entity.persist();
        return created;
    }
}
