package health.umr.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The access-log line put together by hand reads as the printf format it replaced. */
class AccessLogLineTest {

    @Property(tries = 1_000)
    void sameAsTheFormat(
            @ForAll String method,
            @ForAll String uri,
            @ForAll int status,
            @ForAll long bytes,
            @ForAll @LongRange(min = 0, max = 10_000_000) long millis,
            @ForAll String from) {
        assertEquals(
                String.format(
                        java.util.Locale.ROOT,
                        "%s %s %d %d bytes %d ms from %s",
                        method,
                        uri,
                        status,
                        bytes,
                        millis,
                        from),
                AccessLog.line(method, uri, status, bytes, millis, from));
    }
}
