package health.umr.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench-load reports}: the latency of each population report and of a source's quality, over
 * HTTP, first at the population the bench loaded through the service, then (with {@code --jdbc}) at
 * {@code --scale} patients. Ingesting a million patients does not fit the bench's budget, so the
 * extra patients are summary rows written straight into the bench's throwaway database, shaped like
 * the service's own (the reports read only those rows, {@code patient} and {@code source}); the
 * step says how many of each kind it wrote. It also reads PostgreSQL's scan counters around the
 * scaled requests: sequential scans of the report tables there mean a query did not use its index.
 */
final class ReportsBench {

    private record Probe(String name, String path, boolean csv) {}

    private final UmrHttp umr;
    private final HttpClient http;
    private final int requests;

    ReportsBench(String url, int requests) {
        this.umr = UmrHttp.to(url);
        this.http = umr.client();
        this.requests = requests;
    }

    Map<String, Object> run(String jdbc, int scale, PrintStream err) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        String practice = firstGpPractice();
        String feed = firstGpSource();
        json.put("loaded", measure(probes(practice, feed), "loaded population", err));
        if (jdbc == null || scale <= 0) {
            return json;
        }
        try (Connection db = DriverManager.getConnection(jdbc)) {
            long before = count(db, "SELECT count(*) FROM patient_summary");
            Map<String, Object> grown = new LinkedHashMap<>();
            grown.put("summaryRowsBefore", before);
            if (scale > before) {
                registerPractices();
                long started = System.nanoTime();
                grown.putAll(grow(db, scale - (int) before));
                grown.put("writeSeconds", (System.nanoTime() - started) / 1e9);
            }
            grown.put("summaryRows", count(db, "SELECT count(*) FROM patient_summary"));
            json.put("scaled", grown);
            err.printf(Locale.ROOT, "reports: summary rows grown to %,d%n", (Long) grown.get("summaryRows"));
            Map<String, Long> scansBefore = scans(db);
            Map<String, Object> measured =
                    measure(probes("BGP000", "bench-feed"), String.format("%,d patients", scale), err);
            Thread.sleep(1500); // PostgreSQL publishes a backend's scan counters within a second
            Map<String, Long> scansAfter = scans(db);
            Map<String, Long> delta = new LinkedHashMap<>();
            scansAfter.forEach((k, v) -> delta.put(k, v - scansBefore.getOrDefault(k, 0L)));
            json.put("atScale", measured);
            json.put("scansDuringScaledRequests", delta);
            err.println("reports: scans of the report tables during those requests " + delta);
        }
        return json;
    }

    private List<Probe> probes(String practice, String feed) {
        List<Probe> probes = new ArrayList<>();
        probes.add(new Probe("valproate", "/api/reports/valproate?_count=100", false));
        probes.add(new Probe("acb min=3", "/api/reports/acb?min=3&_count=100", false));
        probes.add(new Probe("acb min=3 (CSV)", "/api/reports/acb?min=3&_count=100", true));
        probes.add(new Probe("critical-omissions", "/api/reports/critical-omissions?_count=100", false));
        if (practice != null) {
            probes.add(
                    new Probe("valproate ?practice", "/api/reports/valproate?_count=100&practice=" + practice, false));
            probes.add(
                    new Probe("acb min=3 ?practice", "/api/reports/acb?min=3&_count=100&practice=" + practice, false));
        }
        if (feed != null) {
            probes.add(new Probe("source quality (" + feed + ")", "/api/sources/" + feed + "/quality", false));
        }
        return probes;
    }

    private Map<String, Object> measure(List<Probe> probes, String label, PrintStream err)
            throws IOException, InterruptedException {
        Map<String, Object> results = new LinkedHashMap<>();
        for (Probe probe : probes) {
            for (int i = 0; i < 3; i++) {
                get(probe); // warm-up
            }
            long[] nanos = new long[requests];
            long rows = -1;
            int errors = 0;
            for (int i = 0; i < requests; i++) {
                long started = System.nanoTime();
                HttpResponse<String> answer = get(probe);
                nanos[i] = System.nanoTime() - started;
                if (answer.statusCode() != 200) {
                    errors++;
                } else if (rows < 0 && !probe.csv()) {
                    rows = BenchLoadCommand.JSON
                            .readTree(answer.body())
                            .path("total")
                            .asLong(-1);
                }
            }
            LatencyStats stats = new LatencyStats(nanos, requests);
            Map<String, Object> one = new LinkedHashMap<>(stats.toMap());
            one.put("requests", requests);
            one.put("errors", errors);
            one.put("total", rows);
            results.put(probe.name(), one);
            err.printf(
                    Locale.ROOT,
                    "reports at %s: %-28s p50 %7.1f ms, max %7.1f ms (total %,d%s)%n",
                    label,
                    probe.name(),
                    stats.percentileMillis(50),
                    stats.maxMillis(),
                    rows,
                    errors > 0 ? ", " + errors + " errors" : "");
        }
        return results;
    }

    private HttpResponse<String> get(Probe probe) throws IOException, InterruptedException {
        return http.send(
                umr.request(probe.path())
                        .header("Accept", probe.csv() ? "text/csv" : "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode sources() throws IOException, InterruptedException {
        HttpResponse<String> answer =
                http.send(umr.request("/api/sources").build(), HttpResponse.BodyHandlers.ofString());
        return BenchLoadCommand.JSON.readTree(answer.body());
    }

    private String firstGpPractice() throws IOException, InterruptedException {
        for (JsonNode source : sources()) {
            if ("gp".equals(source.path("setting").asText()) && source.hasNonNull("ods")) {
                return source.path("ods").asText();
            }
        }
        return null;
    }

    private String firstGpSource() throws IOException, InterruptedException {
        for (JsonNode source : sources()) {
            if ("gp".equals(source.path("setting").asText())) {
                return source.path("id").asText();
            }
        }
        return null;
    }

    /** 100 synthetic practices (bench-gp-00..99, ODS BGP000..BGP099) and one feed holding every synthetic patient. */
    private void registerPractices() throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            put("bench-gp-%02d".formatted(i), "gp", "BGP%03d".formatted(i));
        }
        put("bench-acute", "acute", "BAC000");
        put("bench-feed", "community-pharmacy", "BFD000");
    }

    private void put(String id, String setting, String ods) throws IOException, InterruptedException {
        String body = "{\"setting\":\"%s\",\"name\":\"%s\",\"system\":\"https://bench.example/%s\",\"ods\":\"%s\"}"
                .formatted(setting, id, id, ods);
        HttpResponse<String> answer = http.send(
                umr.request("/api/sources/" + id)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            throw new IOException("PUT /api/sources/" + id + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /**
     * Writes {@code n} synthetic patients' rows: half female, ages spread over 0 to 85; ACB 0 for
     * 70%, 1 or 2 for 20%, 3 to 6 for 10%; active valproate for 0.5%; admitted with a
     * critical-medicine omission for 0.1% (raised up to a day ago); each GP practice 1% of them.
     */
    private static Map<String, Object> grow(Connection db, int n) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("SET synchronous_commit = off");
            // synthetic patient g (1 to n) is the g-th valid number of the 98 range, which neither the
            // generator's 999 range nor grow-records' 97 range uses
            sql.execute("DROP TABLE IF EXISTS bench_report_number");
            sql.execute("""
                    CREATE UNLOGGED TABLE bench_report_number AS
                    SELECT row_number() OVER (ORDER BY g) AS g, nhs_number
                    FROM (%s) candidate ORDER BY g LIMIT %d""".formatted(BenchNumbers.candidates("98", n * 12L / 10 + 1000), n));
            sql.executeUpdate("""
                    INSERT INTO patient (nhs_number, gender, birth_date, updated_at)
                    SELECT nhs_number, CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
                           DATE '1941-01-01' + (g::bigint * 7919 % 31000)::int, now()
                    FROM bench_report_number ON CONFLICT DO NOTHING""");
            sql.executeUpdate("""
                    INSERT INTO patient_summary (nhs_number, gender, birth_date, gp_source_id, acb_score, acb_medicines,
                        valproate_sources, admitted, admitting_source_id, admitted_since, omission_since, alerts,
                        content_sha256, updated_at)
                    SELECT nhs, CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
                           DATE '1941-01-01' + (g::bigint * 7919 % 31000)::int, gp, acb,
                           CASE WHEN acb >= 3 THEN jsonb_build_array(
                                jsonb_build_object('vtm', '40589005', 'name', 'Amitriptyline', 'acb', 3),
                                jsonb_build_object('vtm', '321986007', 'name', 'Citalopram', 'acb', acb - 3))
                                ELSE '[]'::jsonb END,
                           CASE WHEN g % 200 = 0 THEN ARRAY[gp] END,
                           g % 1000 = 0, CASE WHEN g % 1000 = 0 THEN 'bench-acute' END,
                           CASE WHEN g % 1000 = 0 THEN '2026-11-30T08:00:00Z' END,
                           since,
                           CASE WHEN since IS NOT NULL THEN jsonb_build_array(jsonb_build_object(
                                'id', md5(nhs), 'type', 'critical-medicine-omission', 'severity', 'high',
                                'since', to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                'medicines', jsonb_build_array('Co-careldopa 25mg/100mg tablets')))
                                ELSE '[]'::jsonb END,
                           repeat('0', 64), now()
                    FROM (SELECT g, nhs_number AS nhs,
                                 'bench-gp-' || lpad((g / 3 % 100)::text, 2, '0') AS gp,
                                 CASE WHEN g % 10 < 7 THEN 0 WHEN g % 10 < 9 THEN 1 + g % 2 ELSE 3 + g % 4 END AS acb,
                                 CASE WHEN g % 1000 = 0 THEN now() - (g % 1440) * interval '1 minute' END AS since
                          FROM bench_report_number) p
                    ON CONFLICT DO NOTHING""");
            sql.executeUpdate("""
                    INSERT INTO source_patient_stats (nhs_number, source_id, records, medicines, unmapped,
                        no_structured_dose, text_only)
                    SELECT nhs_number, s, 4, 3, (g % 10 = 0)::int, 2, (g % 50 = 0)::int
                    FROM bench_report_number,
                         LATERAL (VALUES ('bench-gp-' || lpad((g / 3 % 100)::text, 2, '0')), ('bench-feed')) v(s)
                    ON CONFLICT DO NOTHING""");
            sql.execute("ANALYZE patient");
            sql.execute("ANALYZE patient_summary");
            sql.execute("ANALYZE source_patient_stats");
            sql.execute("DROP TABLE bench_report_number");
        }
        Map<String, Object> wrote = new LinkedHashMap<>();
        wrote.put("patientsAdded", n);
        wrote.put("withAcbAtLeast3", n / 10);
        wrote.put("withValproate", n / 200);
        wrote.put("admittedWithOmission", n / 1000);
        return wrote;
    }

    private static Map<String, Long> scans(Connection db) throws SQLException {
        Map<String, Long> scans = new LinkedHashMap<>();
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("""
                        SELECT relname, seq_scan, COALESCE(idx_scan, 0) FROM pg_stat_user_tables
                        WHERE relname IN ('patient_summary', 'source_patient_stats', 'patient') ORDER BY relname""")) {
            while (rows.next()) {
                scans.put(rows.getString(1) + " seq", rows.getLong(2));
                scans.put(rows.getString(1) + " index", rows.getLong(3));
            }
        }
        return scans;
    }

    private static long count(Connection db, String query) throws SQLException {
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
