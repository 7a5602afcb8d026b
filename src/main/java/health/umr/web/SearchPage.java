package health.umr.web;

import io.quarkus.qute.TemplateData;

/** The find-a-patient page: what was typed and what is wrong with it, if anything. */
@TemplateData
public record SearchPage(String value, String error) {}
