package health.umr.dmdrelease;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.dmd.Dmd;
import health.umr.dmd.DmdConcept;
import health.umr.dmd.DmdIndex;
import health.umr.dmd.DmdLevel;
import health.umr.dmd.DmdRelease;
import health.umr.dmd.DmdReleaseException;
import health.umr.dmd.DmdReleaseReader;
import health.umr.dmd.VmpDetail;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.Sha256;
import health.umr.store.DmdReleaseRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The live dm+d: loads releases, keeps them in the database, and answers lookups from an in-memory
 * index that is swapped whole when a release loads, so readers never see half a release.
 */
@ApplicationScoped
public class DmdService implements Dmd {

    /** The extract `make run` starts with, oldest first (see resources/dmd/README.md). */
    static final List<String> BUNDLED = List.of("nhsbsa-2019-04-01-subset.zip", "nhsbsa-2021-08-26-coamilofruse.zip");

    private static final Logger LOG = Logger.getLogger(DmdService.class);
    private static final long FOLLOW_EVERY_SECONDS = 15;

    private final DmdReleaseRepository repository;
    private final ObjectMapper json;
    private volatile DmdRelease merged;
    private volatile DmdIndex index;
    private volatile long installedNewestId;
    private ScheduledExecutorService follower;

    public DmdService(DmdReleaseRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /** First thing at start: ingest and reconciliation resolve every medicine through dm+d. */
    void onStart(@Observes @Priority(10) StartupEvent started) {
        start();
    }

    /** Builds the index from the stored releases; loads the bundled extract when there are none. */
    @Transactional
    public synchronized void start() {
        repository.lockForLoading();
        if (repository.newestId() == 0) {
            for (String bundled : BUNDLED) {
                loadZip(bundledBytes(bundled), bundled, line -> {});
            }
        } else {
            installStored();
        }
        startFollowingOtherInstances();
    }

    /**
     * Another instance may load a release (POST /api/admin/dmd reaches one of them): every instance
     * looks for a newer stored release now and then and swaps it in.
     */
    private void startFollowingOtherInstances() {
        if (follower != null) {
            return;
        }
        follower = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "umr-dmd-follower");
            thread.setDaemon(true);
            return thread;
        });
        follower.scheduleWithFixedDelay(
                this::followQuietly, FOLLOW_EVERY_SECONDS, FOLLOW_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    private void followQuietly() {
        try {
            QuarkusTransaction.requiringNew().run(this::installNewerStored);
        } catch (RuntimeException e) {
            LOG.debugf("dm+d: could not look for a newer release (%s); trying again later", e.getMessage());
        }
    }

    /** Swaps in the stored releases when another instance stored one since this one last looked. */
    public synchronized void installNewerStored() {
        if (repository.newestId() != installedNewestId) {
            installStored();
        }
    }

    private void installStored() {
        List<DmdReleaseRepository.StoredRelease> stored = repository.listInLoadOrder();
        DmdRelease all = null;
        for (DmdReleaseRepository.StoredRelease release : stored) {
            DmdRelease read = reader(line -> {}).readZip(new ByteArrayInputStream(release.content()), release.name());
            all = all == null ? read : all.mergedWith(read);
        }
        install(all, stored.get(stored.size() - 1).id());
        LOG.infof(
                "dm+d ready: %d stored release(s), newest %s, %d concepts",
                stored.size(), all.id(), all.concepts().size());
    }

    @PreDestroy
    void stopFollowing() {
        if (follower != null) {
            follower.shutdownNow();
        }
    }

    /**
     * Loads a release zip: read whole first (a malformed or partial release is refused, naming the
     * file and line, and changes nothing), then stored and swapped in.
     */
    public DmdLoadSummary loadZip(byte[] zip, String name) {
        return loadZip(zip, name, line -> {});
    }

    /** What a load stopped midway leaves, for the job that ran it (health.umr.jobs). */
    public static final String IF_INTERRUPTED =
            "a release is stored in one transaction, so it was not stored and the loaded dm+d is unchanged; upload it again";

    /** As {@link #loadZip(byte[], String)}, telling {@code progress} what the reader is at. */
    @Transactional
    public synchronized DmdLoadSummary loadZip(byte[] zip, String name, Consumer<String> progress) {
        repository.lockForLoading();
        if (merged != null && repository.newestId() != installedNewestId) {
            installStored(); // another instance loaded one meanwhile: merge over what is stored, not a stale view
        }
        DmdRelease release;
        try {
            release = reader(progress).readZip(new ByteArrayInputStream(zip), name);
        } catch (DmdReleaseException broken) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_RESOURCE,
                    "the dm+d release was refused and the loaded " + "release is unchanged: " + broken.getMessage());
        }
        DmdRelease before = merged;
        DmdRelease after = before == null ? release : before.mergedWith(release);
        DmdLoadSummary summary = summarise(name, release, before, after);
        boolean stored = repository.save(name, release.id(), Sha256.hex(zip), zip, write(summary));
        if (!stored) {
            return new DmdLoadSummary(name, release.id(), summary.counts(), 0, 0, 0, summary.invalid(), true);
        }
        progress.accept("stored");
        install(after, repository.newestId());
        LOG.infof(
                "dm+d release %s loaded from %s: %s; %d added, %d changed, %d retired, %d invalid",
                release.id(),
                name,
                summary.counts(),
                summary.added(),
                summary.changed(),
                summary.retired(),
                summary.invalid());
        return summary;
    }

    public boolean isReady() {
        return index != null;
    }

    private void install(DmdRelease release, long newestStoredId) {
        merged = release;
        index = DmdIndex.of(release);
        installedNewestId = newestStoredId;
    }

    private static DmdReleaseReader reader(Consumer<String> progress) {
        return new DmdReleaseReader(line -> {
            LOG.info("dm+d: " + line);
            progress.accept(line);
        });
    }

    private static DmdLoadSummary summarise(String name, DmdRelease release, DmdRelease before, DmdRelease after) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (DmdLevel level : DmdLevel.values()) {
            counts.put(level.name(), release.count(level));
        }
        int added = 0;
        int changed = 0;
        int invalid = 0;
        for (DmdConcept concept : release.concepts().values()) {
            Optional<DmdConcept> old = before == null ? Optional.empty() : before.concept(concept.id());
            added += old.isEmpty() ? 1 : 0;
            changed += old.isPresent() && !Objects.equals(old.get(), concept) ? 1 : 0;
            invalid += concept.invalid() ? 1 : 0;
        }
        int retired = before == null
                ? after.previousIds().size()
                : (int) after.previousIds().keySet().stream()
                        .filter(id -> !before.previousIds().containsKey(id))
                        .count();
        return new DmdLoadSummary(name, release.id(), counts, added, changed, retired, invalid, false);
    }

    private String write(DmdLoadSummary summary) {
        try {
            return json.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary of numbers and strings always serialises", e);
        }
    }

    private static byte[] bundledBytes(String name) {
        try (InputStream in = DmdService.class.getResourceAsStream("/dmd/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the bundled dm+d extract " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DmdIndex current() {
        DmdIndex current = index;
        if (current == null) {
            throw new IllegalStateException("dm+d is not loaded yet");
        }
        return current;
    }

    // --- Dmd, answered by the current index ---------------------------------------------------

    @Override
    public Optional<DmdConcept> lookup(String code) {
        return current().lookup(code);
    }

    @Override
    public Optional<DmdLevel> levelOf(String code) {
        return current().levelOf(code);
    }

    @Override
    public String currentCode(String code) {
        return current().currentCode(code);
    }

    @Override
    public Optional<String> vmpOf(String code) {
        return current().vmpOf(code);
    }

    @Override
    public Optional<String> vtmOf(String code) {
        return current().vtmOf(code);
    }

    @Override
    public List<DmdConcept> ancestors(String code) {
        return current().ancestors(code);
    }

    @Override
    public Optional<VmpDetail> vmpDetail(String vmpId) {
        return current().vmpDetail(vmpId);
    }

    @Override
    public boolean subsumes(String a, String b) {
        return current().subsumes(a, b);
    }

    @Override
    public java.util.Set<String> codesUnder(String code) {
        return current().codesUnder(code);
    }

    @Override
    public Optional<String> bnfCode(String code) {
        return current().bnfCode(code);
    }

    @Override
    public Optional<String> atcCode(String code) {
        return current().atcCode(code);
    }

    @Override
    public String releaseId() {
        return current().releaseId();
    }
}
