package health.umr.store;

/** A record a search found, with where it sits in the search's order (for the next page's keyset). */
public record FoundRecord(long rowId, String sortKey, StoredResource resource) {}
