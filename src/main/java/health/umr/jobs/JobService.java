package health.umr.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.InvalidInputException;
import health.umr.store.JobRepository;
import health.umr.store.JobRepository.Held;
import health.umr.store.JobRepository.State;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Long admin work (rebuild, dm+d upload) run as jobs: recorded in PostgreSQL with their progress and
 * outcome, so any instance can answer where one stands. One admin job runs at a time across all
 * instances; the others wait queued. A submitted job runs on a thread of its own, so it goes on
 * whatever happens to the request that asked for it; the synchronous form runs the same way in the
 * caller's thread. A job stopped midway (crash, restart) is marked interrupted, at the next start of
 * any instance or when it is next read, with what that leaves.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);
    private static final long PROGRESS_EVERY_MILLIS = 500;

    /** Where a job stands, as the work reports it. */
    @FunctionalInterface
    public interface Progress {
        void report(String phase, long done, long total);
    }

    /** The work of a job; what it answers is the job's result. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress);
    }

    private final JobRepository jobs;
    private final ObjectMapper json;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();
    private final Map<Long, Thread> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "umr-job-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    public JobService(JobRepository jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    void onStart(@Observes StartupEvent started) {
        int interrupted = jobs.interruptAbandoned();
        if (interrupted > 0) {
            LOG.warnf(
                    "%d job(s) were stopped midway by an earlier stop or crash and are marked interrupted",
                    interrupted);
        }
    }

    /** Queues a job and answers it at once; it runs on a thread of its own. */
    public Job submit(String kind, String input, String ifInterrupted, Work<?> work) {
        Held held = jobs.create(kind, input, instance, ifInterrupted);
        threads.execute(() -> run(held, kind, work));
        return jobs.find(held.id()).map(JobService::view).orElseThrow();
    }

    /**
     * Runs a job in the caller's thread and answers its result; a refusal (bad input) is rethrown as
     * it came, after the job records it.
     */
    public <T> T runNow(String kind, String input, String ifInterrupted, Work<T> work) {
        return run(jobs.create(kind, input, instance, ifInterrupted), kind, work);
    }

    /** A job as it stands; one whose instance stopped midway is marked so first. */
    public Optional<Job> find(long id) {
        Optional<JobRepository.Job> job = jobs.find(id);
        if (job.isPresent() && !job.get().state().finished()) {
            jobs.interruptAbandoned();
            job = jobs.find(id);
        }
        return job.map(JobService::view);
    }

    public List<Job> recent(int limit) {
        jobs.interruptAbandoned();
        return jobs.recent(limit).stream().map(JobService::view).toList();
    }

    private static Job view(JobRepository.Job job) {
        return new Job(
                job.id(),
                job.kind(),
                job.state().code(),
                job.state().finished(),
                job.input(),
                job.instance(),
                job.progress(),
                job.result(),
                job.error(),
                job.requestedAt(),
                job.startedAt(),
                job.finishedAt());
    }

    private <T> T run(Held held, String kind, Work<T> work) {
        running.put(held.id(), Thread.currentThread());
        try {
            held.start();
            LOG.infof("job %d (%s) started", held.id(), kind);
            long[] last = {0};
            T result = work.run((phase, done, total) -> {
                long now = System.currentTimeMillis();
                if (now - last[0] >= PROGRESS_EVERY_MILLIS || done == total) {
                    last[0] = now;
                    held.progress(progressJson(phase, done, total));
                }
            });
            held.finish(State.SUCCEEDED, write(result), null);
            LOG.infof("job %d (%s) succeeded", held.id(), kind);
            return result;
        } catch (InvalidInputException refused) {
            held.finish(State.FAILED, null, refused.code().code() + ": " + refused.getMessage());
            LOG.infof("job %d (%s) refused: %s", held.id(), kind, refused.getMessage());
            throw refused;
        } catch (RuntimeException | Error failure) {
            held.finish(State.FAILED, null, "failed: " + failure);
            LOG.errorf(failure, "job %d (%s) failed", held.id(), kind);
            throw failure;
        } finally {
            running.remove(held.id());
            held.close();
        }
    }

    /** A clean stop says so at once on the jobs it leaves unfinished (a crash is found later by their locks). */
    void onStop(@Observes ShutdownEvent stopping) {
        for (long id : running.keySet()) {
            LOG.warnf("stopping with job %d unfinished: it is marked interrupted", id);
            try {
                jobs.interrupt(id, "the instance running it (" + instance + ") was stopped before it finished.");
            } catch (RuntimeException e) {
                LOG.warnf(
                        "could not mark job %d interrupted (%s); the next start of any instance will",
                        id, e.getMessage());
            }
        }
        threads.shutdownNow();
    }

    private String progressJson(String phase, long done, long total) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("phase", phase);
        progress.put("done", done);
        progress.put("total", total);
        return write(progress);
    }

    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job's progress or result is plain data", e);
        }
    }
}
