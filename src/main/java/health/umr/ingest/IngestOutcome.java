package health.umr.ingest;

import health.umr.domain.NhsNumber;
import java.util.List;
import java.util.Set;

/**
 * What a message produced, entry by entry. {@code logSequence} is 0 when nothing was taken (nothing
 * logged); {@code changedPatients} are those whose stored records changed, so whose unified record
 * must be recomputed.
 */
public record IngestOutcome(long logSequence, List<EntryOutcome> entries, Set<NhsNumber> changedPatients) {

    public IngestOutcome {
        entries = List.copyOf(entries);
        changedPatients = Set.copyOf(changedPatients);
    }

    public long count(EntryOutcome.Result result) {
        return entries.stream().filter(e -> e.result() == result).count();
    }

    public long taken() {
        return entries.stream().filter(EntryOutcome::taken).count();
    }

    public List<EntryOutcome> refused() {
        return entries.stream()
                .filter(e -> e.result() == EntryOutcome.Result.REFUSED)
                .toList();
    }
}
