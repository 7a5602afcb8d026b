package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JfrPhasesTest {

    @Test
    void threadsGroupByName() {
        assertEquals("jit", JfrPhases.group("C2 CompilerThread0"));
        assertEquals("jit", JfrPhases.group("C1 CompilerThread0"));
        assertEquals("executor", JfrPhases.group("executor-thread-3"));
        assertEquals("eventloop", JfrPhases.group("vert.x-eventloop-thread-1"));
        assertEquals("gc", JfrPhases.group("G1 Conc#0"));
        assertEquals("umr/kafka", JfrPhases.group("kafka-coordinator-heartbeat-thread | umr"));
        assertEquals("other", JfrPhases.group("agroal-11"));
    }

    @Test
    void phasesComeFromCpuJsonWindows_orFromTheLogsMarks() throws Exception {
        Function<Instant, String> windows = JfrPhases.fromCpuJson(BenchLoadCommand.JSON.readTree(
                "{\"rest\": {\"startEpochMs\": 1000, \"endEpochMs\": 2000}, \"kafka\": {\"startEpochMs\": 2000,"
                        + " \"endEpochMs\": 3000}, \"old\": {\"wallSeconds\": 1}}"));
        assertEquals("rest", windows.apply(Instant.ofEpochMilli(1999)));
        assertEquals("kafka", windows.apply(Instant.ofEpochMilli(2000)));
        assertNull(windows.apply(Instant.ofEpochMilli(3000)));

        Function<Instant, String> marks = JfrPhases.fromLog("x\n== 03:10:00  back-load via REST\nREST: 5\n"
                + "== 03:11:30  back-load via Kafka (key NHS number)\n");
        assertEquals("before the log", marks.apply(Instant.parse("2026-12-02T03:09:59Z")));
        assertEquals("back-load via REST", marks.apply(Instant.parse("2026-12-02T03:11:29.900Z")));
        assertEquals("back-load via Kafka (key NHS number)", marks.apply(Instant.parse("2026-12-02T03:11:30Z")));
    }

    @Test
    void aSlowRequestCountsOnceWhenItsWindowOverlapsAPause() {
        List<long[]> slow = List.of(new long[] {100, 150}, new long[] {200, 260}, new long[] {300, 301});
        List<long[]> pauses = List.of(new long[] {140, 145}, new long[] {150, 160}, new long[] {250, 400});
        // [100,150) meets the first pause only ([150,160) starts as it ends); [200,260) and [300,301) the third
        assertEquals(3, JfrPhases.overlapping(slow, pauses));
        assertEquals(0, JfrPhases.overlapping(slow, List.of(new long[] {260, 300})));
        assertEquals(0, JfrPhases.overlapping(slow, List.of()));
    }
}
