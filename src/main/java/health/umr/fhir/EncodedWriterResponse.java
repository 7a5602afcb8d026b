package health.umr.fhir;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A response whose writer encodes text in blocks onto the response's byte stream. The servlet
 * container's own writer copies every character into the network buffer one byte at a time, with
 * checks on each; for a FHIR answer of tens of kilobytes that cost as much as encoding it. The bytes
 * sent are the same: the answer's characters in the response's character encoding (UTF-8 unless
 * HAPI or a caller set another before asking for the writer).
 */
final class EncodedWriterResponse extends HttpServletResponseWrapper {

    private PrintWriter writer;

    EncodedWriterResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
        }
        return writer;
    }

    /** Sends what the writer still holds, if a caller wrote without closing it (HAPI closes it). */
    void finish() {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        super.flushBuffer();
    }
}
