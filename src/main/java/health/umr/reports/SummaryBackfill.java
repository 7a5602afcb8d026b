package health.umr.reports;

import health.umr.domain.NhsNumber;
import health.umr.store.PatientRepository;
import health.umr.store.PatientSummaryRepository;
import health.umr.store.UnifiedRecordRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fills the summary row of every patient whose unified record was stored before summaries
 * existed (or whose row is missing), from the stored current version: in the background at
 * startup, 500 patients a transaction, resumable. New records keep their rows current themselves.
 */
@ApplicationScoped
public class SummaryBackfill {

    private static final Logger LOG = Logger.getLogger(SummaryBackfill.class);
    private static final int CHUNK = 500;

    private final PatientSummaryRepository summaries;
    private final UnifiedRecordRepository versions;
    private final PatientRepository patients;
    private final PatientSummaryService service;
    private final Clock clock;

    public SummaryBackfill(
            PatientSummaryRepository summaries,
            UnifiedRecordRepository versions,
            PatientRepository patients,
            PatientSummaryService service,
            Clock clock) {
        this.summaries = summaries;
        this.versions = versions;
        this.patients = patients;
        this.service = service;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent started) {
        Thread thread = new Thread(
                () -> {
                    try {
                        long filled = fill();
                        if (filled > 0) {
                            LOG.infof("report summaries: filled %d patients' rows", filled);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("report summaries: the backfill stopped; it runs again at the next start", e);
                    }
                },
                "umr-summary-backfill");
        thread.setDaemon(true);
        thread.start();
    }

    /** Fills every missing row; answers how many it wrote. */
    public synchronized long fill() {
        long filled = 0;
        String after = "";
        while (true) {
            final String from = after;
            List<NhsNumber> missing =
                    QuarkusTransaction.requiringNew().call(() -> summaries.withoutSummary(from, CHUNK));
            if (missing.isEmpty()) {
                return filled;
            }
            filled += QuarkusTransaction.requiringNew().call(() -> fill(missing));
            after = missing.get(missing.size() - 1).value();
        }
    }

    private int fill(List<NhsNumber> missing) {
        int filled = 0;
        for (NhsNumber nhsNumber : missing) {
            patients.lock(nhsNumber);
            if (summaries.find(nhsNumber).isPresent()) {
                continue; // a refresh wrote it meanwhile
            }
            var current = versions.current(nhsNumber);
            if (current.isPresent()) {
                service.fill(current.get().record(), clock.instant());
                filled++;
            }
        }
        return filled;
    }
}
