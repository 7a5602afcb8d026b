package health.umr.fhir;

import health.umr.domain.Source;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a resource inside a message may refer to: the other entries of its Bundle (by fullUrl
 * and by Type/id), the source the message names outside each resource, and the registered sources.
 */
final class MessageContext {

    private final Map<String, Resource> byReference = new HashMap<>();
    private final String bundleMetaSource;
    private final Optional<Source> hintedSource;
    private final boolean hintFirst;
    private final SourceLookup sources;

    private MessageContext(
            String bundleMetaSource, Optional<Source> hintedSource, boolean hintFirst, SourceLookup sources) {
        this.bundleMetaSource = bundleMetaSource;
        this.hintedSource = hintedSource;
        this.hintFirst = hintFirst;
        this.sources = sources;
    }

    static MessageContext of(Bundle bundle, Optional<Source> hintedSource, boolean hintFirst, SourceLookup sources) {
        String metaSource = bundle == null || !bundle.getMeta().hasSource()
                ? null
                : bundle.getMeta().getSource();
        MessageContext context = new MessageContext(metaSource, hintedSource, hintFirst, sources);
        if (bundle != null) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                context.add(entry.getFullUrl(), entry.getResource());
            }
        }
        return context;
    }

    static MessageContext lone(Optional<Source> hintedSource, boolean hintFirst, SourceLookup sources) {
        return new MessageContext(null, hintedSource, hintFirst, sources);
    }

    private void add(String fullUrl, Resource resource) {
        if (resource == null) {
            return;
        }
        if (fullUrl != null && !fullUrl.isBlank()) {
            byReference.put(fullUrl, resource);
        }
        String ownId = ownId(resource);
        if (ownId != null) {
            String typeAndId = resource.fhirType() + "/" + ownId;
            byReference.put(typeAndId, resource);
            if (fullUrl != null && fullUrl.endsWith("/" + typeAndId)) {
                byReference.put(fullUrl, resource);
            }
        }
    }

    /**
     * The id a "Type/id" reference would use. HAPI gives an entry whose fullUrl is urn:uuid:X the id
     * urn:uuid:X; feeds then often refer to it as Type/X (its own id), so X counts as its id too.
     */
    private static String ownId(Resource resource) {
        if (!resource.getIdElement().hasIdPart()) {
            return null;
        }
        String value = resource.getIdElement().getValue();
        if (value.startsWith("urn:uuid:")) {
            return value.substring("urn:uuid:".length());
        }
        return value.startsWith("urn:") ? null : resource.getIdElement().getIdPart();
    }

    /** The Bundle resource a reference points at: a fullUrl, "Type/id", or an absolute URL ending in Type/id. */
    Optional<Resource> resolve(String reference) {
        Resource found = byReference.get(reference);
        if (found == null && reference.contains("/")) {
            String[] parts = reference.split("/");
            if (parts.length >= 2) {
                found = byReference.get(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
            }
        }
        return Optional.ofNullable(found);
    }

    String bundleMetaSource() {
        return bundleMetaSource;
    }

    Optional<Source> hintedSource() {
        return hintedSource;
    }

    /** The registered sources a meta.source may name. */
    SourceLookup sources() {
        return sources;
    }

    /** Kafka: the umr-source header wins over meta.source; REST: meta.source wins over ?source=. */
    boolean hintFirst() {
        return hintFirst;
    }
}
