package health.umr.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The StringBuilder writer gives the stored audit JSON byte for byte as the Jackson tree it replaced. */
class AuditRecordJsonTest {

    @Property(tries = 400)
    void sameTextAsTheTree(@ForAll("records") AuditRecord record) {
        assertEquals(AuditRecordTreeJson.write(record), AuditRecordJson.write(record));
    }

    @Property(tries = 2_000)
    void instantTextIsToString(@ForAll("instants") Instant instant) {
        assertEquals(instant.toString(), AuditRecordJson.instant(instant));
    }

    @Example
    void edgesOfTheFastPath() {
        for (Instant instant : new Instant[] {
            Instant.EPOCH,
            Instant.ofEpochSecond(-1, 999_999_999),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("2026-12-01T23:59:59.100Z"),
            Instant.parse("2026-12-01T00:00:00.000100Z"),
            Instant.parse("2024-02-29T12:00:00.000000001Z"),
            Instant.MIN,
            Instant.MAX
        }) {
            assertEquals(instant.toString(), AuditRecordJson.instant(instant));
        }
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.longs().between(-100_000L, 253_402_400_000L),
                Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 999_999_999),
                Arbitraries.integers().between(0, 999_999).map(micros -> micros * 1_000),
                Arbitraries.integers().between(0, 999).map(millis -> millis * 1_000_000),
                Arbitraries.just(0));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<AuditRecord> records() {
        Arbitrary<String> text = Arbitraries.oneOf(
                        Arbitraries.strings().all().ofMaxLength(40),
                        Arbitraries.strings()
                                .withChars("\"\\/\b\f\n\r\t\u0000\u001f\u007f\u00e9\u2028\ud83d\ude00 ab?&=|%")
                                .ofMaxLength(30),
                        Arbitraries.of(
                                "GET /api/patients/9449306680/medications",
                                "GET /fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9449306680",
                                "read",
                                "9449306680",
                                "127.0.0.1",
                                "0:0:0:0:0:0:0:1"))
                .injectNull(0.25);
        Arbitrary<Character> action = Arbitraries.oneOf(Arbitraries.of('C', 'R', 'U', 'D', 'E'), Arbitraries.chars());
        Arbitrary<Integer> status =
                Arbitraries.oneOf(Arbitraries.of(200, 201, 400, 401, 403, 404, 503), Arbitraries.integers());
        return Combinators.combine(
                        instants(),
                        action,
                        Combinators.combine(text, text, text, text).as(Text4::new),
                        Combinators.combine(text, text, text).as(Text3::new),
                        status,
                        text)
                .as((recorded, a, four, three, s, reason) -> new AuditRecord(
                        recorded, a, four.a(), four.b(), four.c(), four.d(), three.a(), three.b(), three.c(), s,
                        reason));
    }

    private record Text4(String a, String b, String c, String d) {}

    private record Text3(String a, String b, String c) {}
}
