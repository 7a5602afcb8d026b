package health.umr.domain;

/** A code as a source sent it. */
public record Coding(String system, String code, String display) {}
