package health.umr.records;

import health.umr.store.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/**
 * The record-changed events for the publisher: what waits in the outbox, and marking what went
 * out. Runs in the caller's transaction.
 */
@ApplicationScoped
public class RecordChangeOutbox {

    private final OutboxRepository outbox;

    public RecordChangeOutbox(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    /** One publisher at a time drains the outbox: answers whether this one may, for this transaction. */
    public boolean tryLockDrain() {
        return outbox.tryLockDrain();
    }

    public List<RecordChangedEvent> unpublished(int limit) {
        return outbox.unpublished(limit).stream()
                .map(e -> new RecordChangedEvent(e.id(), e.nhsNumber(), e.version(), e.payload()))
                .toList();
    }

    public void markPublished(Collection<Long> ids) {
        outbox.markPublished(ids);
    }

    /** Whether the last drain (of any instance) may have sent events it never marked published. */
    public boolean drainInDoubt() {
        return outbox.drainInDoubt();
    }

    public void setDrainInDoubt(boolean inDoubt) {
        outbox.setDrainInDoubt(inDoubt);
    }

    public long countUnpublished() {
        return outbox.countUnpublished();
    }
}
