package health.umr.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts an NDJSON stream into request bodies of at most {@code maxLines} lines and about
 * {@code maxBytes} bytes, reading as it goes: a file of any size costs one chunk of memory.
 * Blank lines are skipped; each chunk remembers the file line number of every line it holds, so a
 * refusal of "line 3" of a request can be reported as the line of the file.
 */
public final class NdjsonChunker implements Iterator<NdjsonChunker.Chunk> {

    /** One request body: whole lines, each ending in '\n'. */
    public record Chunk(int sequence, byte[] body, long[] fileLines, long endOffset) {

        public int lines() {
            return fileLines.length;
        }

        /** The file line of the n-th line of this chunk (from 1), or -1 where there is none. */
        public long fileLine(int lineInChunk) {
            return lineInChunk >= 1 && lineInChunk <= fileLines.length ? fileLines[lineInChunk - 1] : -1;
        }
    }

    private static final int READ_BUFFER = 1 << 16;

    private final InputStream in;
    private final int maxLines;
    private final int maxBytes;
    private final byte[] buffer = new byte[READ_BUFFER];
    private int bufferPos;
    private int bufferEnd;
    private long offset;
    private long lineNumber;
    private int sequence;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
    private byte[] pendingLine;
    private long pendingLineNumber;
    private Chunk next;
    private boolean exhausted;

    public NdjsonChunker(InputStream in, int maxLines, int maxBytes) {
        if (maxLines < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a chunk holds at least one line and one byte");
        }
        this.in = in;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    /** Bytes of the stream read so far (for progress). */
    public long offset() {
        return offset;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !exhausted) {
            next = readChunk();
            exhausted = next == null;
        }
        return next != null;
    }

    @Override
    public Chunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Chunk chunk = next;
        next = null;
        return chunk;
    }

    private Chunk readChunk() {
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.min(maxBytes, 1 << 20) + 1024);
        long[] lines = new long[Math.min(maxLines, 1024)];
        int count = 0;
        while (count < maxLines) {
            byte[] text;
            long number;
            if (pendingLine != null) {
                text = pendingLine;
                number = pendingLineNumber;
                pendingLine = null;
            } else {
                text = readLine();
                if (text == null) {
                    break;
                }
                number = lineNumber;
                if (isBlank(text)) {
                    continue;
                }
            }
            if (count > 0 && body.size() + text.length + 1 > maxBytes) {
                pendingLine = text;
                pendingLineNumber = number;
                break;
            }
            body.write(text, 0, text.length);
            body.write('\n');
            if (count == lines.length) {
                lines = Arrays.copyOf(lines, Math.min(maxLines, lines.length * 2));
            }
            lines[count++] = number;
        }
        if (count == 0) {
            return null;
        }
        return new Chunk(
                ++sequence,
                body.toByteArray(),
                Arrays.copyOf(lines, count),
                pendingLine == null ? offset : offset - pendingLine.length - 1);
    }

    /** The next line without its line end ("\n" or "\r\n"), or null at the end of the stream. */
    private byte[] readLine() {
        line.reset();
        boolean any = false;
        while (true) {
            if (bufferPos == bufferEnd && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int start = bufferPos;
            while (bufferPos < bufferEnd && buffer[bufferPos] != '\n') {
                bufferPos++;
            }
            line.write(buffer, start, bufferPos - start);
            offset += bufferPos - start;
            if (bufferPos < bufferEnd) {
                bufferPos++;
                offset++;
                break;
            }
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            return Arrays.copyOf(bytes, length - 1);
        }
        return bytes;
    }

    private boolean fill() {
        try {
            int read = in.read(buffer, 0, buffer.length);
            if (read <= 0) {
                return false;
            }
            bufferPos = 0;
            bufferEnd = read;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBlank(byte[] text) {
        for (byte b : text) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
