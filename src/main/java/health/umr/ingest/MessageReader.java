package health.umr.ingest;

import java.util.List;

/**
 * Reads a message into entries. Implemented by the FHIR adapter; the ingest and rebuild use cases
 * call it without knowing FHIR.
 */
public interface MessageReader {

    /**
     * @throws health.umr.domain.InvalidInputException when the message as a whole cannot be read
     *         (malformed JSON or XML, not FHIR, unsafe XML); problems of single entries are Refusals
     */
    List<Entry> read(InboundMessage message);
}
