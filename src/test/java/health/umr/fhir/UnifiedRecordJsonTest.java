package health.umr.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import health.umr.config.FhirContextProducer;
import health.umr.records.RecordView;
import java.io.IOException;
import java.io.StringWriter;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The unified record's JSON written directly ({@link UnifiedRecordJson}) is HAPI's encoding of the
 * mapper's Bundle for the same view, character for character: for the benchmarks' patient and for
 * generated records (any mix of dm+d-coded and text-only medicines from four sources, statuses, doses
 * and reasons with blanks, quotes, control characters and text outside the BMP, in hospital or not,
 * acknowledgements with and without an end, read at any time after the version was recorded).
 */
class UnifiedRecordJsonTest {

    private static final FhirContext FHIR = new FhirContextProducer().fhirContext();

    @Example
    void theBenchmarksPatient_isHapisEncoding() throws IOException {
        assertSame(UnifiedRecordViews.realistic());
    }

    @Property(tries = 100)
    void anyRecord_isHapisEncoding(@ForAll("specs") UnifiedRecordViews.Spec spec) throws IOException {
        assertSame(UnifiedRecordViews.of(spec));
    }

    private static void assertSame(RecordView view) throws IOException {
        assertTrue(UnifiedRecordJson.writable(view), "the generated records are all writable directly");
        String hapi = FHIR.newJsonParser()
                .encodeResourceToString(UnifiedRecordFhirMapper.toBundle(view, UnifiedRecordViews.rules()));
        StringWriter direct = new StringWriter();
        UnifiedRecordJson.write(view, UnifiedRecordViews.rules(), direct);
        assertEquals(hapi, direct.toString());
    }

    @Provide
    Arbitrary<UnifiedRecordViews.Spec> specs() {
        return UnifiedRecordViews.specs();
    }
}
