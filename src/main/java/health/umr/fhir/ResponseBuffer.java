package health.umr.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Sends each FHIR answer in large pieces. HAPI's JSON encoder flushes its writer after almost every
 * value it writes, and the servlet writer sends every flush as its own HTTP chunk: a 50-item unified
 * record went out as hundreds of chunks, which cost more CPU than encoding it. This holds the text
 * and passes it on in blocks, ignoring those flushes; HAPI closes the writer when the answer is
 * complete, which sends the rest. The characters sent are exactly the ones HAPI wrote.
 */
public class ResponseBuffer {

    /** Characters held before they are passed on (a 50-item record is about 60,000). */
    static final int BLOCK = 16 * 1024;

    /**
     * The unified record in its default form is written straight from the record ({@link
     * UnifiedRecordAnswer}), after every other interceptor has seen the Bundle (the audit's hook has
     * order 100); false tells HAPI the answer has been sent.
     */
    @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 1000)
    public boolean unifiedRecord(RequestDetails request, ResponseDetails response) throws IOException {
        return !UnifiedRecordAnswer.send(request, response);
    }

    @Hook(Pointcut.SERVER_OUTGOING_WRITER_CREATED)
    public Writer hold(Writer writer) {
        return new HeldWriter(writer);
    }

    /**
     * A buffered writer whose {@code flush} does nothing: the block goes out when it is full, and the rest
     * on {@code close} (which empties the buffer without calling {@code flush}).
     */
    static final class HeldWriter extends BufferedWriter {

        HeldWriter(Writer out) {
            super(out, BLOCK);
        }

        /** Not passed on: the answer goes out in blocks and on {@link #close()}. */
        @Override
        public void flush() {}
    }
}
