package health.umr.records;

import java.util.List;

/**
 * One page of a search.
 *
 * @param total every match, when it was counted; null otherwise
 * @param next the cursor of the page after this, null on the last page
 * @param previous the cursor of the page before this, null on the first page
 */
public record SearchPage(List<ReceivedRecord> resources, Long total, String next, String previous) {}
