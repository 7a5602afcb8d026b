package health.umr.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
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

    @Hook(Pointcut.SERVER_OUTGOING_WRITER_CREATED)
    public Writer hold(Writer writer) {
        return new HeldWriter(writer);
    }

    /** A buffered writer whose {@code flush} waits for a full block or {@code close}. */
    static final class HeldWriter extends Writer {
        private final Writer out;
        private final char[] block = new char[BLOCK];
        private int held;

        HeldWriter(Writer out) {
            this.out = out;
        }

        @Override
        public void write(int c) throws IOException {
            if (held == block.length) {
                pass();
            }
            block[held++] = (char) c;
        }

        @Override
        public void write(char[] text, int offset, int length) throws IOException {
            if (length >= block.length) {
                pass();
                out.write(text, offset, length);
                return;
            }
            if (length > block.length - held) {
                pass();
            }
            System.arraycopy(text, offset, block, held, length);
            held += length;
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            if (length >= block.length) {
                pass();
                out.write(text, offset, length);
                return;
            }
            if (length > block.length - held) {
                pass();
            }
            text.getChars(offset, offset + length, block, held);
            held += length;
        }

        /** Not passed on: the answer goes out in blocks and on {@link #close()}. */
        @Override
        public void flush() {}

        @Override
        public void close() throws IOException {
            try {
                pass();
            } finally {
                out.close();
            }
        }

        private void pass() throws IOException {
            if (held > 0) {
                out.write(block, 0, held);
                held = 0;
            }
        }
    }
}
