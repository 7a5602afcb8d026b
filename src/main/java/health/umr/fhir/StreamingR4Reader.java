package health.umr.fhir;

import static health.umr.fhir.StreamingR4Types.array;
import static health.umr.fhir.StreamingR4Types.identifier;
import static health.umr.fhir.StreamingR4Types.instant;
import static health.umr.fhir.StreamingR4Types.meta;
import static health.umr.fhir.StreamingR4Types.nextField;
import static health.umr.fhir.StreamingR4Types.string;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The fast path of {@link FhirMessageReader} for the shapes the feeds send most: a lone
 * MedicationStatement, MedicationRequest, Patient or Medication, or a Bundle of them, in FHIR R4 JSON.
 * One pass of Jackson's streaming parser builds HAPI's R4 model directly (no JSON tree, no
 * reflection over HAPI's model definitions, no contained-resource stitching) and takes each Bundle
 * entry's received text in the same pass; FhirMapper then maps the model exactly as on HAPI's path.
 *
 * <p>Anything it does not fully understand answers null, and the whole message is read by HAPI's
 * parser as before: an unknown element, a modifierExtension, contained resources, a narrative, another
 * resource type, a duplicate key, a null, an empty string, array or object, an invalid value, a fullUrl
 * that disagrees with its resource's id, trailing text. So refusals, which are HAPI's or FhirMapper's,
 * are unchanged; {@code StreamingR4ReaderTest} checks the two paths give equal entries.
 */
final class StreamingR4Reader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** What was read: the resource (a Bundle or one of the four) and, for a Bundle, each entry's resource text. */
    record Read(Resource resource, List<String> entryTexts) {}

    private StreamingR4Reader() {}

    /** Reads {@code json} (stripped of surrounding whitespace); null when HAPI's path must read it. */
    static Read read(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = resourceType(p);
            Read read = "Bundle".equals(type) ? bundle(p, json) : new Read(StreamingR4Resources.read(type, p), null);
            return p.nextToken() == null ? read : null;
        } catch (IOException | RuntimeException unusual) { // NotOnFastPath, or HAPI refusing a value
            return null;
        }
    }

    /** The parser is on a START_OBJECT: its first field must be resourceType. */
    private static String resourceType(JsonParser p) throws IOException {
        if (!"resourceType".equals(StreamingR4Types.firstField(p))) {
            throw NotOnFastPath.INSTANCE;
        }
        return string(p);
    }

    private static Read bundle(JsonParser p, String json) throws IOException {
        Bundle bundle = new Bundle();
        List<String> texts = new ArrayList<>();
        String id = null;
        for (String f = nextField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "id" -> id = string(p);
                case "meta" -> bundle.setMeta(meta(p));
                case "type" -> bundle.setType(Bundle.BundleType.fromCode(string(p)));
                case "identifier" -> bundle.setIdentifier(identifier(p));
                case "timestamp" -> bundle.setTimestampElement(instant(p));
                case "entry" -> array(p, () -> entry(p, json, bundle, texts));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        if (id != null) {
            if (!ResourceLimits.FHIR_ID.matcher(id).matches()) {
                throw NotOnFastPath.INSTANCE;
            }
            bundle.setIdElement(new IdType("Bundle", id, bundle.getMeta().getVersionId()));
        }
        return new Read(bundle, texts);
    }

    private static void entry(JsonParser p, String json, Bundle bundle, List<String> texts) throws IOException {
        Bundle.BundleEntryComponent entry = bundle.addEntry();
        String text = null;
        for (String f = StreamingR4Types.firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "fullUrl" -> entry.setFullUrl(string(p));
                case "resource" -> {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    String type = resourceType(p);
                    entry.setResource(StreamingR4Resources.read(type, p));
                    int end = (int) p.currentTokenLocation().getCharOffset() + 1;
                    if (start < 0 || end > json.length() || json.charAt(start) != '{' || json.charAt(end - 1) != '}') {
                        throw NotOnFastPath.INSTANCE;
                    }
                    text = json.substring(start, end);
                }
                case "request" -> request(p, entry.getRequest());
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        if (text == null) {
            throw NotOnFastPath.INSTANCE; // HAPI's path refuses the entry, in its words
        }
        idFromFullUrl(entry.getFullUrl(), (DomainResource) entry.getResource());
        texts.add(text);
    }

    private static void request(JsonParser p, Bundle.BundleEntryRequestComponent request) throws IOException {
        for (String f = StreamingR4Types.firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "method" -> request.setMethod(Bundle.HTTPVerb.fromCode(string(p)));
                case "url" -> request.setUrl(string(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
    }

    /**
     * The id HAPI's parser gives an entry's resource from the entry's fullUrl, for the cases where that
     * is plain: no fullUrl (the resource's own {@code Type/id}); {@code urn:uuid:X} with no id or the id
     * X (the id becomes the urn); an http(s) URL ending in {@code /Type/id} for the resource's own type
     * and id (the id becomes that URL, with meta.versionId's version). Any other pair goes to HAPI's path.
     */
    private static void idFromFullUrl(String fullUrl, DomainResource resource) {
        if (fullUrl == null) {
            return;
        }
        IdType own = resource.getIdElement();
        String type = resource.fhirType();
        if (fullUrl.startsWith("urn:uuid:")) {
            String uuid = fullUrl.substring("urn:uuid:".length());
            if (!ResourceLimits.FHIR_ID.matcher(uuid).matches() || (own.hasIdPart() && !uuid.equals(own.getIdPart()))) {
                throw NotOnFastPath.INSTANCE;
            }
            resource.setIdElement(new IdType(fullUrl));
            return;
        }
        if (!(fullUrl.startsWith("https://") || fullUrl.startsWith("http://"))
                || !own.hasIdPart()
                || fullUrl.contains("/_history")
                || fullUrl.indexOf('?') >= 0
                || fullUrl.indexOf('#') >= 0
                || !fullUrl.endsWith("/" + type + "/" + own.getIdPart())) {
            throw NotOnFastPath.INSTANCE;
        }
        String version = resource.getMeta().getVersionId();
        IdType id = new IdType(fullUrl);
        resource.setIdElement(version == null ? id : id.withVersion(version));
    }
}
