package health.umr.store;

import health.umr.domain.Source;
import health.umr.domain.SourceSetting;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

@Entity
@Table(name = "source")
public class SourceEntity extends PanacheEntityBase {

    @Id
    public String id;

    public String setting;
    public String name;
    public String system;
    public String ods;

    @Column(name = "stale_after")
    public String staleAfter;

    /** The token clients allowed to write as this source. */
    public String[] clients = new String[0];

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    Source toDomain() {
        return new Source(
                id,
                SourceSetting.fromCode(setting).orElseThrow(),
                name,
                system,
                ods,
                List.of(clients == null ? new String[0] : clients),
                staleAfter);
    }
}
