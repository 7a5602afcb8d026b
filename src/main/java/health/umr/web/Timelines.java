package health.umr.web;

import health.umr.domain.ClinicalRecord;
import health.umr.domain.ContributingRecord;
import health.umr.domain.EncounterRecord;
import health.umr.domain.ItemSource;
import health.umr.domain.MedicationStatus;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedItem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Lays out the {@link Timeline}: plain arithmetic over the record's items and the sources' dates. */
final class Timelines {

    static final int WIDTH = 960;
    static final int PLOT_LEFT = 290;
    static final int PLOT_RIGHT = 940;
    static final int PLOT_TOP = 46;
    private static final int NAME_HEIGHT = 22;
    private static final int BAR_HEIGHT = 14;
    private static final int BAR_GAP = 6;
    private static final int ROW_GAP = 10;
    private static final int LABEL_CHARS = 40;
    private static final Set<String> ADMISSION_STATES = Set.of("arrived", "in-progress", "finished");

    private Timelines() {}

    /**
     * @param items   the medicines to draw, in page order
     * @param records the patient's source records by {@code RecordKey.text()} (clinical dates)
     * @param end     the right edge: the instant the record is shown as at
     * @param span    how far back the axis goes; courses that began earlier are marked so
     */
    static Timeline of(
            List<UnifiedItem> items,
            Map<String, ClinicalRecord> records,
            Map<String, Source> sources,
            Instant end,
            TimelineSpan span) {
        List<Course> courses = new ArrayList<>();
        for (UnifiedItem item : items) {
            for (ItemSource source : item.sources()) {
                courses.add(course(source, records, sources, end));
            }
        }
        List<Stay> stays = stays(records.values(), sources, end);

        Instant start = end.minus(span.duration());
        Axis axis = new Axis(start, end);

        List<Timeline.Row> rows = new ArrayList<>();
        List<Timeline.TableRow> table = new ArrayList<>();
        double y = PLOT_TOP + 8;
        int index = 0;
        for (UnifiedItem item : items) {
            String name = item.name();
            double nameY = y + 15;
            List<Timeline.Bar> bars = new ArrayList<>();
            double barY = y + NAME_HEIGHT;
            for (ItemSource ignored : item.sources()) {
                Course c = courses.get(index++);
                Instant from = c.start == null ? start : c.start;
                boolean earlier = from.isBefore(start);
                boolean before = c.end.isBefore(start);
                double x1 = axis.x(earlier ? start : from);
                double x2 = axis.x(c.end);
                double width = before ? 0 : Math.max(3, x2 - x1);
                double issueX = c.lastIssue != null && !c.lastIssue.isBefore(start) && !c.lastIssue.isAfter(end)
                        ? axis.x(c.lastIssue)
                        : -1;
                bars.add(new Timeline.Bar(
                        round(x1),
                        barY,
                        round(width),
                        BAR_HEIGHT,
                        barY + 11,
                        clip(c.label),
                        c.settingClass,
                        !c.ongoing,
                        c.ongoing,
                        earlier && !before,
                        before ? "ended " + Display.date(c.end) : null,
                        round(issueX),
                        c.description(name)));
                table.add(new Timeline.TableRow(
                        name,
                        c.label,
                        c.start == null ? "not sent" : c.startText,
                        c.ongoing ? "continuing" : Display.date(c.end),
                        c.lastIssueText,
                        c.statusLabel));
                barY += BAR_HEIGHT + BAR_GAP;
            }
            rows.add(new Timeline.Row(item.id(), clip(name), nameY, y - 4, List.copyOf(bars)));
            y = barY + ROW_GAP;
        }

        List<Timeline.Band> bands = new ArrayList<>();
        for (Stay stay : stays) {
            double x1 = axis.x(stay.start.isBefore(start) ? start : stay.start);
            double x2 = axis.x(stay.end);
            if (stay.end.isBefore(start)) {
                continue;
            }
            bands.add(new Timeline.Band(
                    round(x1),
                    round(Math.max(4, x2 - x1)),
                    round(Math.min(x1 + 3, PLOT_RIGHT - 62)),
                    stay.label,
                    stay.description,
                    stay.discharged));
        }
        return new Timeline(
                WIDTH,
                (int) Math.ceil(y + 6),
                PLOT_LEFT,
                PLOT_RIGHT,
                PLOT_TOP,
                Display.date(start),
                Display.instant(end),
                span,
                ticks(axis),
                List.copyOf(bands),
                List.copyOf(rows),
                List.copyOf(table));
    }

    /** One source's course of one medicine, in instants. */
    private record Course(
            String label,
            String settingClass,
            Instant start,
            String startText,
            Instant end,
            boolean ongoing,
            Instant lastIssue,
            String lastIssueText,
            String statusLabel,
            String medication,
            String dosage,
            String updated) {

        String description(String item) {
            StringBuilder text = new StringBuilder();
            text.append(item).append(". ").append(label).append(": ");
            text.append(medication == null ? "medicine as sent not named" : medication);
            if (dosage != null) {
                text.append(", ").append(dosage);
            }
            text.append(". ").append(statusLabel).append(". From ");
            text.append(start == null ? "a date not sent" : startText);
            text.append(ongoing ? ", continuing" : " to " + Display.date(end)).append('.');
            if (lastIssueText != null) {
                text.append(" Last issued ").append(lastIssueText).append('.');
            }
            if (updated != null) {
                text.append(" Updated ").append(updated).append('.');
            }
            return text.toString();
        }
    }

    private static Course course(
            ItemSource source, Map<String, ClinicalRecord> records, Map<String, Source> sources, Instant end) {
        Instant start = null;
        String startText = null;
        Instant firstSeen = null;
        for (ContributingRecord contributing : source.records()) {
            if (records.get(contributing.key().text()) instanceof SourceRecord record) {
                Optional<Instant> from = Display.parseFhirDate(record.effectiveStart());
                if (from.isPresent() && (start == null || from.get().isBefore(start))) {
                    start = from.get();
                    startText = Display.fhirDate(record.effectiveStart());
                }
            }
            if (contributing.lastUpdated() != null
                    && (firstSeen == null || contributing.lastUpdated().isBefore(firstSeen))) {
                firstSeen = contributing.lastUpdated();
            }
        }
        if (start == null && firstSeen != null) {
            start = firstSeen;
            startText = Display.date(firstSeen) + " (first sent)";
        }
        MedicationStatus status = source.medicationStatus();
        boolean withdrawn = "entered-in-error".equals(source.status());
        Instant stop = null;
        if (records.get(source.key().text()) instanceof SourceRecord lead) {
            stop = Display.parseFhirDate(lead.effectiveEnd()).orElse(null);
        }
        if (stop == null && (status.isEnded() || withdrawn || !source.current())) {
            stop = source.lastUpdated();
        }
        boolean ongoing = stop == null || stop.isAfter(end);
        Instant finish = ongoing ? end : stop;
        if (start != null && finish.isBefore(start)) {
            finish = start;
        }
        Instant lastIssue = Display.parseFhirDate(source.lastIssued()).orElse(null);
        String medication = source.medication() != null && source.medication().display() != null
                ? source.medication().display()
                : source.medicationText();
        return new Course(
                Display.settingLabel(source.setting()) + " · "
                        + Optional.ofNullable(sources.get(source.sourceId()))
                                .map(Source::name)
                                .orElse(source.sourceId()),
                Display.settingClass(source.setting()),
                start,
                startText,
                finish,
                ongoing,
                lastIssue,
                Display.fhirDate(source.lastIssued()),
                withdrawn ? "Entered in error" : Display.statusLabel(status),
                medication,
                source.dosageText(),
                Display.date(source.lastUpdated()));
    }

    /** A stay in hospital: an inpatient or emergency encounter from an admitting setting. */
    private record Stay(Instant start, Instant end, boolean discharged, String label, String description) {}

    private static List<Stay> stays(
            java.util.Collection<ClinicalRecord> records, Map<String, Source> sources, Instant end) {
        List<Stay> stays = new ArrayList<>();
        for (ClinicalRecord record : records) {
            if (!(record instanceof EncounterRecord encounter)
                    || !encounter.isInpatientOrEmergency()
                    || !ADMISSION_STATES.contains(encounter.status())) {
                continue;
            }
            Source source = sources.get(encounter.key().sourceId());
            if (source == null || !source.setting().admits()) {
                continue;
            }
            Optional<Instant> from = Display.parseFhirDate(encounter.periodStart());
            if (from.isEmpty() || from.get().isAfter(end)) {
                continue;
            }
            Instant to = Display.parseFhirDate(encounter.periodEnd()).orElse(null);
            boolean discharged = "finished".equals(encounter.status()) && to != null && !to.isAfter(end);
            Instant finish = discharged ? to : end;
            String name = source.name();
            stays.add(new Stay(
                    from.get(),
                    finish,
                    discharged,
                    "EMER".equals(encounter.encounterClass()) ? "Emergency" : "Admitted",
                    ("EMER".equals(encounter.encounterClass()) ? "Emergency attendance at " : "Admitted to ") + name
                            + " " + Display.fhirDate(encounter.periodStart())
                            + (discharged
                                    ? ", discharged " + Display.fhirDate(encounter.periodEnd())
                                    : ", still in hospital")));
        }
        stays.sort(Comparator.comparing(Stay::start));
        return stays;
    }

    private record Axis(Instant start, Instant end) {
        double x(Instant t) {
            double span = Duration.between(start, end).toMillis();
            double at = Duration.between(start, t).toMillis();
            double fraction = span <= 0 ? 1 : Math.max(0, Math.min(1, at / span));
            return PLOT_LEFT + fraction * (PLOT_RIGHT - PLOT_LEFT);
        }
    }

    /** Weekly, monthly or yearly ticks, at most about ten. */
    private static List<Timeline.Tick> ticks(Axis axis) {
        long days = Duration.between(axis.start, axis.end).toDays();
        List<Timeline.Tick> ticks = new ArrayList<>();
        ZonedDateTime first = axis.start.atZone(Display.ZONE).truncatedTo(ChronoUnit.DAYS);
        if (days <= 70) {
            LocalDate day = first.toLocalDate().with(TemporalAdjusters.nextOrSame(java.time.DayOfWeek.MONDAY));
            int step = days <= 35 ? 7 : 14;
            for (; !day.atStartOfDay(Display.ZONE).toInstant().isAfter(axis.end); day = day.plusDays(step)) {
                Instant t = day.atStartOfDay(Display.ZONE).toInstant();
                ticks.add(tick(axis.x(t), Display.date(t).replaceFirst(" \\d{4}$", "")));
            }
        } else if (days <= 800) {
            int step = days <= 300 ? 1 : days <= 500 ? 2 : 3;
            LocalDate month = first.toLocalDate().withDayOfMonth(1).plusMonths(1);
            for (; !month.atStartOfDay(Display.ZONE).toInstant().isAfter(axis.end); month = month.plusMonths(step)) {
                Instant t = month.atStartOfDay(Display.ZONE).toInstant();
                ticks.add(tick(axis.x(t), Display.month(t)));
            }
        } else {
            LocalDate year = first.toLocalDate().withDayOfYear(1).plusYears(1);
            for (; !year.atStartOfDay(Display.ZONE).toInstant().isAfter(axis.end); year = year.plusYears(1)) {
                Instant t = year.atStartOfDay(Display.ZONE).toInstant();
                ticks.add(tick(axis.x(t), String.valueOf(year.getYear())));
            }
        }
        return List.copyOf(ticks);
    }

    /** A tick too near the right edge keeps its line but not its label (it would run off the chart). */
    private static Timeline.Tick tick(double x, String label) {
        return new Timeline.Tick(round(x), x + 6 + label.length() * 7 > WIDTH ? null : label);
    }

    private static String clip(String text) {
        return text.length() <= LABEL_CHARS ? text : text.substring(0, LABEL_CHARS - 1) + "…";
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
