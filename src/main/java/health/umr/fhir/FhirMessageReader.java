package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.Source;
import health.umr.http.ParserMessage;
import health.umr.ingest.Entry;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.InboundMessage.Interaction;
import health.umr.ingest.MessageReader;
import health.umr.sources.SourceRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** Reads a FHIR message (a resource, a Bundle, or NDJSON lines of either) into entries. */
@ApplicationScoped
public class FhirMessageReader implements MessageReader {

    private static final Pattern UNSAFE_XML = Pattern.compile("<!(DOCTYPE|ENTITY)", Pattern.CASE_INSENSITIVE);

    private final FhirContext fhir;
    private final FhirMapper mapper;
    private final SourceRegistry sources;
    /** Read the hot shapes with {@link StreamingR4Reader} first (false: HAPI's parser alone, the tests' oracle). */
    private final boolean streaming;
    /**
     * Messages (NDJSON: lines) read by each parser. HAPI's parser, the fallback for anything the
     * streaming reader does not fully understand, costs several times its CPU, so a source whose
     * messages all fall back shows here ({@code umr_ingest_reads_total{reader}}).
     */
    private final Counter readByStreaming;

    private final Counter readByHapi;

    @jakarta.inject.Inject
    public FhirMessageReader(FhirContext fhir, FhirMapper mapper, SourceRegistry sources, MeterRegistry registry) {
        this(fhir, mapper, sources, registry, true);
    }

    FhirMessageReader(
            FhirContext fhir, FhirMapper mapper, SourceRegistry sources, MeterRegistry registry, boolean streaming) {
        this.fhir = fhir;
        this.mapper = mapper;
        this.sources = sources;
        this.streaming = streaming;
        this.readByStreaming = readsCounter(registry, "streaming");
        this.readByHapi = readsCounter(registry, "hapi");
    }

    private static Counter readsCounter(MeterRegistry registry, String reader) {
        return Counter.builder("umr.ingest.reads")
                .description(
                        "messages (NDJSON: lines) read, by parser: UMR's streaming reader or HAPI's (its fallback)")
                .tag("reader", reader)
                .register(registry);
    }

    /** Counts the message as read by the parser that read it. */
    private <T> T counted(T fast) {
        (fast != null ? readByStreaming : readByHapi).increment();
        return fast;
    }

    /**
     * 1: resources stored as received (a lone resource's text, a Bundle entry's JSON span) and hashed
     * as such. Bump it with any change to what the reader or FhirMapper derives from the same bytes.
     */
    public static final int DERIVATION = 1;

    @Override
    public int derivation() {
        return DERIVATION;
    }

    @Override
    public List<Entry> read(InboundMessage message) {
        Optional<Source> hinted = hintedSource(message.sourceHint());
        boolean hintFirst = message.transport() == InboundMessage.Transport.KAFKA;
        boolean contextTypesAllowed = message.interaction() == Interaction.INGEST
                || message.interaction() == Interaction.INGEST_NDJSON
                || message.interaction() == Interaction.KAFKA;
        if (message.interaction() == Interaction.INGEST_NDJSON) {
            return readNdjson(message, hinted, hintFirst);
        }
        String text = new String(message.body(), StandardCharsets.UTF_8);
        // a GP Connect STU3 body is converted to R4: what is stored is then UMR's encoding, not the text received
        boolean stu3 = message.interaction() == Interaction.INGEST && GpConnectStu3.isStu3(message.contentType(), text);
        StreamingR4Reader.Read fast = counted(
                streaming && !stu3 && message.target() == null ? readStreaming(text, message.contentType()) : null);
        Resource parsed;
        String receivedJson;
        boolean plainText;
        if (fast != null) {
            // every string the fast path read was checked free of forbidden characters
            parsed = fast.resource();
            receivedJson = text.strip();
            plainText = true;
        } else {
            parsed = stu3 ? parseStu3(text, message.contentType()) : (Resource) parse(text, message.contentType());
            if (message.target() != null) {
                UpdateTarget.parse(message.target()).applyTo(parsed);
            }
            receivedJson = stu3 || isXml(message.contentType(), text.stripLeading()) ? null : text.strip();
            plainText = receivedJson != null && ReceivedJson.plainText(receivedJson);
        }
        return entriesOf(
                parsed,
                0,
                MessageContext.lone(hinted, hintFirst, sources::findBySystem),
                hinted,
                hintFirst,
                contextTypesAllowed,
                message.interaction(),
                receivedJson,
                plainText,
                fast == null ? null : fast.entryTexts());
    }

    /**
     * The message read by the streaming fast path, or null (not JSON, or anything it does not fully
     * understand: HAPI's parser reads it then). Every string it read was checked free of forbidden
     * characters, so the mapping's {@code plainText} is true for what it answers.
     */
    private StreamingR4Reader.Read readStreaming(String text, String contentType) {
        String trimmed = text.strip();
        return trimmed.isEmpty() || isXml(contentType, trimmed) ? null : StreamingR4Reader.read(trimmed);
    }

    /** Parses one FHIR resource in JSON or XML; the content type decides, else the first character. */
    public IBaseResource parse(String body, String contentType) {
        String trimmed = body.stripLeading();
        boolean xml = isXml(contentType, trimmed);
        requireReadable(trimmed, xml);
        IParser parser = xml ? fhir.newXmlParser() : fhir.newJsonParser();
        try {
            return parser.parseResource(trimmed);
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY,
                    "the body is not a FHIR R4 resource in " + (xml ? "XML" : "JSON") + ": "
                            + ParserMessage.clean(e.getMessage()));
        } catch (NullPointerException e) {
            // HAPI's parser fails this way on a Bundle entry whose resource is null, a number, a string or empty
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY,
                    "the body is not a FHIR R4 resource in " + (xml ? "XML" : "JSON")
                            + ": a Bundle.entry.resource is empty, null or not a resource",
                    List.of("Bundle.entry.resource"));
        }
    }

    /** A GP Connect (FHIR STU3) message, converted to R4 (docs/contract.md, "GP Connect"). */
    private static Resource parseStu3(String body, String contentType) {
        String trimmed = body.stripLeading();
        boolean xml = isXml(contentType, trimmed);
        requireReadable(trimmed, xml);
        return GpConnectStu3.toR4(trimmed, xml);
    }

    private static void requireReadable(String trimmed, boolean xml) {
        if (trimmed.isEmpty()) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY, "the request body is empty; send a FHIR resource in JSON or XML");
        }
        if (xml && UNSAFE_XML.matcher(trimmed).find()) {
            throw new InvalidInputException(
                    ErrorCode.UNSAFE_XML,
                    "XML with a DOCTYPE or ENTITY declaration is refused (external entities are a security risk); "
                            + "FHIR XML never needs one");
        }
    }

    private List<Entry> readNdjson(InboundMessage message, Optional<Source> hinted, boolean hintFirst) {
        List<Entry> entries = new ArrayList<>();
        // split on the one character '\n' (String.split's fast path, no regex); a CR before it is dropped
        String[] lines = new String(message.body(), StandardCharsets.UTF_8).split("\n");
        int index = 0;
        for (int line = 0; line < lines.length; line++) {
            String text = lines[line].endsWith("\r") ? lines[line].substring(0, lines[line].length() - 1) : lines[line];
            if (text.isBlank()) {
                continue;
            }
            try {
                StreamingR4Reader.Read fast = counted(streaming ? readStreaming(text, "application/fhir+json") : null);
                List<Entry> read = entriesOf(
                        fast != null ? fast.resource() : (Resource) parse(text, "application/fhir+json"),
                        index,
                        MessageContext.lone(hinted, hintFirst, sources::findBySystem),
                        hinted,
                        hintFirst,
                        true,
                        Interaction.INGEST_NDJSON,
                        text.strip(),
                        fast != null || ReceivedJson.plainText(text),
                        fast == null ? null : fast.entryTexts());
                entries.addAll(relocate(read, "line " + (line + 1)));
                index += read.size();
            } catch (InvalidInputException refused) {
                entries.add(new Entry.Refusal(index++, "(unreadable)", refused.within("line " + (line + 1))));
            }
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY, "the NDJSON body has no lines; send one FHIR resource or Bundle a line");
        }
        return entries;
    }

    private List<Entry> entriesOf(
            Resource resource,
            int firstIndex,
            MessageContext loneContext,
            Optional<Source> hinted,
            boolean hintFirst,
            boolean contextTypesAllowed,
            Interaction interaction,
            String receivedJson,
            boolean plainText,
            List<String> entryTexts) {
        if (!(resource instanceof Bundle bundle)) {
            if (interaction == Interaction.TRANSACTION || interaction == Interaction.BATCH) {
                throw new InvalidInputException(
                        ErrorCode.UNSUPPORTED_RESOURCE_TYPE,
                        "POST /fhir takes a Bundle of type transaction or batch, not a " + resource.fhirType());
            }
            return List.of(
                    mapper.toEntry(resource, firstIndex, loneContext, contextTypesAllowed, receivedJson, plainText));
        }
        checkBundleType(bundle, interaction);
        MessageContext context = MessageContext.of(bundle, hinted, hintFirst, sources::findBySystem);
        List<Entry> entries = new ArrayList<>();
        List<Bundle.BundleEntryComponent> bundleEntries = bundle.getEntry();
        // each entry's resource is stored as the text it arrived in (its span of the Bundle's JSON)
        List<String> received = entryTexts != null
                ? entryTexts
                : receivedJson == null ? null : ReceivedJson.entryResources(receivedJson);
        if (received != null && received.size() != bundleEntries.size()) {
            received = null;
        }
        for (int i = 0; i < bundleEntries.size(); i++) {
            Resource entryResource = bundleEntries.get(i).getResource();
            int index = firstIndex + i;
            if (entryResource == null) {
                entries.add(new Entry.Refusal(
                        index,
                        "(none)",
                        new InvalidInputException(
                                ErrorCode.INVALID_RESOURCE,
                                "Bundle.entry[" + i + "] has no resource",
                                List.of("Bundle.entry[" + i + "]"))));
            } else if (entryResource instanceof Bundle nested) {
                entries.add(new Entry.Refusal(
                        index,
                        "Bundle",
                        new InvalidInputException(
                                ErrorCode.UNSUPPORTED_RESOURCE_TYPE,
                                "Bundle.entry[" + i + "] is a Bundle; send nested Bundles as messages of their own",
                                List.of("Bundle.entry[" + i + "].resource"))));
            } else {
                entries.add(locate(
                        mapper.toEntry(
                                entryResource,
                                index,
                                context,
                                contextTypesAllowed,
                                received == null ? null : received.get(i),
                                plainText),
                        "Bundle.entry[" + i + "]"));
            }
        }
        return entries;
    }

    private static void checkBundleType(Bundle bundle, Interaction interaction) {
        Bundle.BundleType type = bundle.getType();
        if (interaction == Interaction.TRANSACTION
                && type != Bundle.BundleType.TRANSACTION
                && type != Bundle.BundleType.BATCH) {
            throw new InvalidInputException(
                    ErrorCode.UNSUPPORTED_RESOURCE_TYPE,
                    "POST /fhir takes a Bundle of type "
                            + "transaction or batch, not " + (type == null ? "one without a type" : type.toCode())
                            + "; send other Bundles to POST /fhir/$ingest",
                    List.of("Bundle.type"));
        }
    }

    private static Entry locate(Entry entry, String where) {
        if (entry instanceof Entry.Refusal refusal) {
            return new Entry.Refusal(
                    refusal.index(), refusal.resourceType(), refusal.reason().at(where + ".resource"));
        }
        return entry;
    }

    private static List<Entry> relocate(List<Entry> entries, String line) {
        return entries.stream()
                .map(e -> e instanceof Entry.Refusal r
                        ? new Entry.Refusal(
                                r.index(), r.resourceType(), r.reason().within(line))
                        : e)
                .toList();
    }

    private Optional<Source> hintedSource(String sourceId) {
        if (sourceId == null || sourceId.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(sources.findById(sourceId)
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.UNKNOWN_SOURCE,
                        "no source is registered with id '" + sourceId + "'; register it with PUT /api/sources/"
                                + sourceId)));
    }

    private static boolean isXml(String contentType, String body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("xml")) {
            return true;
        }
        return !type.contains("json") && body.startsWith("<");
    }
}
