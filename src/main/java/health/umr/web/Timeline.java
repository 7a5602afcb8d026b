package health.umr.web;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * The record drawn across time as SVG geometry (viewBox units): one row per medicine, a bar per
 * source from start to stop (or to the "as at" edge while it goes on), a mark at the last issue,
 * admissions as bands. Built by {@link Timelines}; drawn by the {@code record.html} template.
 */
@TemplateData
public record Timeline(
        int width,
        int height,
        int plotLeft,
        int plotRight,
        int plotTop,
        String fromText,
        String toText,
        TimelineSpan span,
        List<Tick> ticks,
        List<Band> bands,
        List<Row> rows,
        List<TableRow> table) {

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public int bandHeight() {
        return height - plotTop;
    }

    public int axisTop() {
        return plotTop - 24;
    }

    public int bandLabelY() {
        return plotTop - 4;
    }

    @TemplateData
    public record Tick(double x, String label) {
        public double labelX() {
            return x + 3;
        }
    }

    /** An admission: from its start to the discharge (or the edge while it goes on). */
    @TemplateData
    public record Band(double x, double width, double labelX, String label, String description, boolean discharged) {

        public double endX() {
            return x + width;
        }
    }

    @TemplateData
    public record Row(String itemId, String name, double nameY, double ruleY, List<Bar> bars) {}

    /**
     * One source's course of one medicine.
     *
     * @param endedBefore  for a course that ended before the axis begins, "ended {date}" (no bar drawn), else null
     * @param issueX       the x of the last issue's mark, or -1 when there is none on the axis
     */
    @TemplateData
    public record Bar(
            double x,
            double y,
            double width,
            double height,
            double labelY,
            String label,
            String settingClass,
            boolean ended,
            boolean ongoing,
            boolean startsEarlier,
            String endedBefore,
            double issueX,
            String description) {

        /** A left-pointing mark: the course began before the axis. */
        public String earlierPath() {
            return startsEarlier ? "M" + x + " " + (y + height / 2) + " l6 -6 v12 z" : null;
        }

        public double endX() {
            return x + width;
        }

        public boolean drawn() {
            return endedBefore == null;
        }

        /** A right-pointing mark: the course goes on past the "as at" edge. */
        public String ongoingPath() {
            return ongoing ? "M" + (x + width) + " " + y + " l6 " + height / 2 + " l-6 " + height / 2 + " z" : null;
        }

        /** A diamond at the last issue. */
        public String issuePath() {
            if (issueX < 0) {
                return null;
            }
            double half = height / 2 + 3;
            return "M" + issueX + " " + (y - 3) + " l5 " + half + " l-5 " + half + " l-5 -" + half + " z";
        }
    }

    /** The same facts as a table, for screen readers, print and narrow screens. */
    @TemplateData
    public record TableRow(String medicine, String source, String from, String to, String lastIssued, String status) {}
}
