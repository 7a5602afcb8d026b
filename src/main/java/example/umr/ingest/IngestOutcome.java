package example.umr.ingest;

import java.util.List;

/** What a message produced, entry by entry. {@code logSequence} is 0 when nothing was taken (nothing logged). */
public record IngestOutcome(long logSequence, List<EntryOutcome> entries) {

    public IngestOutcome {
        entries = List.copyOf(entries);
    }

    public long count(EntryOutcome.Result result) {
        return entries.stream().filter(e -> e.result() == result).count();
    }

    public long taken() {
        return entries.stream().filter(EntryOutcome::taken).count();
    }

    public List<EntryOutcome> refused() {
        return entries.stream().filter(e -> e.result() == EntryOutcome.Result.REFUSED).toList();
    }
}
