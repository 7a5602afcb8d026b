package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonChunkerTest {

    @Test
    void cutsOnlyBetweenLines_andKeepsEveryLineWithItsNumber() {
        List<NdjsonChunker.Chunk> chunks =
                chunks("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n{\"d\":4}\n{\"e\":5}\n", 2, 1 << 20);

        assertEquals(3, chunks.size());
        assertEquals("{\"a\":1}\n{\"b\":2}\n", text(chunks.get(0)));
        assertEquals("{\"e\":5}\n", text(chunks.get(2)));
        assertArrayEquals(new long[] {3, 4}, chunks.get(1).fileLines());
    }

    @Test
    void startsANewChunkBeforeTheByteLimitIsPassed() {
        List<NdjsonChunker.Chunk> chunks = chunks("{\"a\":\"0123456789\"}\n{\"b\":\"0123456789\"}\n", 100, 30);

        assertEquals(2, chunks.size(), "two 21-byte lines do not fit in 30 bytes");
        assertTrue(chunks.stream().allMatch(c -> c.body().length <= 30));
    }

    @Test
    void skipsBlankLines_countsThemInLineNumbers_andTakesALastLineWithoutNewline() {
        List<NdjsonChunker.Chunk> chunks = chunks("{\"a\":1}\n\n\r\n{\"b\":2}", 10, 1 << 20);

        assertEquals(1, chunks.size());
        assertArrayEquals(new long[] {1, 4}, chunks.get(0).fileLines());
        assertTrue(text(chunks.get(0)).contains("{\"b\":2}"));
    }

    @Test
    void aLineLargerThanTheByteLimitIsSentAlone_notSplit() {
        String big = "{\"x\":\"" + "y".repeat(100) + "\"}";
        List<NdjsonChunker.Chunk> chunks = chunks("{\"a\":1}\n" + big + "\n{\"b\":2}\n", 10, 50);

        assertEquals(3, chunks.size());
        assertEquals(big + "\n", text(chunks.get(1)));
    }

    private static List<NdjsonChunker.Chunk> chunks(String ndjson, int lines, int bytes) {
        NdjsonChunker chunker =
                new NdjsonChunker(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), lines, bytes);
        List<NdjsonChunker.Chunk> all = new ArrayList<>();
        chunker.forEachRemaining(all::add);
        return all;
    }

    private static String text(NdjsonChunker.Chunk chunk) {
        return new String(chunk.body(), StandardCharsets.UTF_8);
    }
}
