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

    /**
     * The generation of what this reader derives from a message (source record columns, Patient
     * facts, stored text). Logged messages remember the derivation that stored their records; bump
     * it whenever a change to the reader or mapper would derive something different from the same
     * bytes, and the next rebuild re-reads exactly the messages an older one stored.
     */
    int derivation();
}
