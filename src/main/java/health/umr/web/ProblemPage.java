package health.umr.web;

import io.quarkus.qute.TemplateData;

/** A page that says what went wrong and what to do instead (never a stack trace). */
@TemplateData
public record ProblemPage(String title, String message, String linkHref, String linkText) {}
