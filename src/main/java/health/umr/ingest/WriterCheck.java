package health.umr.ingest;

import health.umr.access.Caller;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.domain.Source;
import health.umr.sources.SourceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * May this caller write these entries? Each record's source must name the caller's client (or the
 * caller holds umr.admin), and the caller needs a write scope for each type, confined to its patient
 * for {@code patient/} scopes. Any entry refused refuses the message whole (403), before anything is
 * written: a record's {@code meta.source} is never trusted on its own.
 */
@ApplicationScoped
public class WriterCheck {

    private final SourceRegistry sources;

    public WriterCheck(SourceRegistry sources) {
        this.sources = sources;
    }

    /** @return the patients the entries write for */
    public Set<NhsNumber> require(Caller caller, List<Entry> entries) {
        Set<NhsNumber> patients = new TreeSet<>();
        for (Entry entry : entries) {
            if (entry instanceof Entry.OfRecord record) {
                String nhs = record.record().nhsNumber().value();
                patients.add(record.record().nhsNumber());
                requireType(caller, entry, nhs);
                String sourceId = record.record().key().sourceId();
                Source source = sources.findById(sourceId).orElse(null);
                if (source != null && !caller.mayWriteAs(source)) {
                    throw new InvalidInputException(
                            ErrorCode.FORBIDDEN,
                            where(entry) + "client '" + caller.client() + "' may not write as source '" + sourceId
                                    + "': the source does not name it among its clients (PUT /api/sources/"
                                    + sourceId + " with \"clients\": [...], by an umr.admin); nothing was written");
                }
            } else if (entry instanceof Entry.OfPatient patient) {
                requireType(caller, entry, patient.facts().nhsNumber().value());
                patients.add(patient.facts().nhsNumber());
            }
        }
        return patients;
    }

    private static void requireType(Caller caller, Entry entry, String nhs) {
        if (!caller.mayWrite(entry.resourceType(), nhs)) {
            throw new InvalidInputException(
                    ErrorCode.FORBIDDEN,
                    where(entry) + "writing a " + entry.resourceType() + " needs the scope system/"
                            + entry.resourceType() + ".write (or system/*.write)"
                            + (caller.patient().isPresent() ? ", or a patient/ scope for this patient" : "")
                            + "; nothing was written");
        }
    }

    private static String where(Entry entry) {
        return entry.index() == 0 ? "" : "entry " + entry.index() + ": ";
    }
}
