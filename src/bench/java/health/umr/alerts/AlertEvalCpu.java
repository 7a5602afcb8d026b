package health.umr.alerts;

import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.fhir.UnifiedRecordViews;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The alert re-evaluation of a worked-out read, step by step: the whole {@link ClinicalAlerts#evaluate}
 * and each rule's {@code evaluate} and {@code notes} alone, then {@link AlertStates#at} and {@link
 * AnswerValidity#until}, for the benchmarks' realistic patient, by the CPU time and the bytes allocated
 * of the measuring thread. Run: {@code java -cp <test classpath> health.umr.alerts.AlertEvalCpu [rounds]
 * [times]}.
 */
public final class AlertEvalCpu {

    private AlertEvalCpu() {}

    public static void main(String[] args) {
        UnifiedRecordViews.Reading reading = UnifiedRecordViews.reading(UnifiedRecordViews.realisticSpec());
        PatientRecord stored = reading.stored();
        Instant now = reading.read();
        ClinicalAlerts alerts = UnifiedRecordViews.rules();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int times = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        long self = Thread.currentThread().getId();
        PatientRecord evaluated = UnifiedRecordViews.builder().reevaluate(stored, ReferenceTime.at(now));
        for (int round = 0; round < rounds; round++) {
            System.out.println("round " + round + " (µs of CPU, bytes allocated per call):");
            measure(
                    threads,
                    self,
                    times,
                    "evaluate (all)",
                    i -> alerts.evaluate(
                                    stored.unified(),
                                    stored.admission(),
                                    Optional.ofNullable(stored.facts()),
                                    at(now, i))
                            .alerts()
                            .size());
            for (AlertRule rule : alerts.rules()) {
                measure(threads, self, times, rule.type().name(), i -> {
                    RuleInput input = new RuleInput(
                            stored.unified(),
                            stored.admission(),
                            Optional.ofNullable(stored.facts()),
                            at(now, i),
                            List.of());
                    return rule.evaluate(input).size() + rule.notes(input).size();
                });
            }
            measure(
                    threads,
                    self,
                    times,
                    "AlertStates.at",
                    i -> AlertStates.at(evaluated.alerts(), reading.acknowledgements(), now.plusNanos(i))
                            .size());
            measure(
                    threads,
                    self,
                    times,
                    "AnswerValidity",
                    i -> AnswerValidity.until(evaluated, reading.acknowledgements(), now.plusNanos(i))
                            .getNano());
        }
    }

    private static ReferenceTime at(Instant now, long i) {
        return ReferenceTime.at(now.plusNanos(i));
    }

    interface Step {
        long run(long i);
    }

    private static void measure(com.sun.management.ThreadMXBean threads, long self, int times, String name, Step step) {
        LongSupplier allocated = () -> threads.getThreadAllocatedBytes(self);
        long sink = 0;
        long bytes = allocated.getAsLong();
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < times; i++) {
            sink += step.run(i);
        }
        long cpu = threads.getCurrentThreadCpuTime() - start;
        bytes = allocated.getAsLong() - bytes;
        System.out.printf(
                "  %-32s %8.1f µs %10d B%s%n", name, cpu / 1000.0 / times, bytes / times, sink == 7 ? "" : "");
    }
}
