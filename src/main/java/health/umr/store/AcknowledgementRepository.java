package health.umr.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/** Clinicians' acknowledgements of alerts: appended, never changed (the table refuses updates and deletes). */
@ApplicationScoped
public class AcknowledgementRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final DataSource dataSource;

    public AcknowledgementRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores one, in the caller's transaction if there is one. */
    public void append(Acknowledgement ack, String alertType) {
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(
                    connection,
                    """
                    INSERT INTO alert_acknowledgement (id, nhs_number, alert_id, alert_type, outcome, reason,
                        valid_until, user_id, client_id, recorded_at, severity, item_ids)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))""",
                    UUID.fromString(ack.id()),
                    ack.nhsNumber().value(),
                    ack.alertId(),
                    alertType,
                    ack.outcome().code(),
                    ack.reason(),
                    Jdbc.timestamp(ack.until()),
                    ack.user(),
                    Jdbc.text(ack.client()),
                    Jdbc.timestamp(ack.recordedAt()),
                    ack.severity().code(),
                    JSON.writeValueAsString(ack.itemIds()));
        } catch (SQLException e) {
            throw new StoreException("could not store an alert acknowledgement", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every acknowledgement of the patient's alerts, oldest first. */
    public List<Acknowledgement> findByPatient(NhsNumber nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, """
                    SELECT id, nhs_number, alert_id, outcome, reason, valid_until, user_id, client_id, recorded_at,
                        severity, item_ids FROM alert_acknowledgement WHERE nhs_number = ? ORDER BY recorded_at, seq""", AcknowledgementRepository::toAcknowledgement, nhsNumber.value());
        } catch (SQLException e) {
            throw new StoreException("could not read alert acknowledgements", e);
        }
    }

    /**
     * The SQL of one patient's acknowledgements as a single row, for a query that reads them with something
     * else (UnifiedRecordRepository#currentStamped: one round trip for a read): how many there are, the
     * newest sequence number (0 for none), and all of them as one JSON array in {@link #findByPatient}'s
     * order (null for none), which {@link #fromAggregate} reads back. {@code %s} is the patient's NHS number
     * as the outer query has it. Timestamps are written by PostgreSQL as ISO 8601 with an offset, whatever
     * the session's time zone, to the microsecond, as they are stored.
     */
    static String aggregateOf(String nhsNumber) {
        return """
                SELECT count(*) AS acks, coalesce(max(a.seq), 0) AS last_ack,
                       json_agg(json_build_array(a.id, a.alert_id, a.outcome, a.reason, a.valid_until, a.user_id,
                                                 a.client_id, a.recorded_at, a.severity, a.item_ids)
                                ORDER BY a.recorded_at, a.seq) AS acknowledgements
                FROM alert_acknowledgement a WHERE a.nhs_number = %s""".formatted(nhsNumber);
    }

    /** The acknowledgements {@link #aggregateOf} wrote (null: none), as {@link #findByPatient} gives them. */
    static List<Acknowledgement> fromAggregate(NhsNumber nhsNumber, String json) {
        if (json == null) {
            return List.of();
        }
        try {
            JsonNode rows = JSON.readTree(json);
            List<Acknowledgement> acknowledgements = new ArrayList<>(rows.size());
            for (JsonNode row : rows) {
                acknowledgements.add(new Acknowledgement(
                        row.get(0).asText(),
                        nhsNumber,
                        row.get(1).asText(),
                        Acknowledgement.Outcome.fromCode(row.get(2).asText()).orElseThrow(),
                        row.get(3).asText(),
                        instant(row.get(4)),
                        row.get(5).asText(),
                        row.get(6).isNull() ? null : row.get(6).asText(),
                        instant(row.get(7)),
                        Alert.Severity.valueOf(row.get(8).asText().toUpperCase(Locale.ROOT)),
                        JSON.convertValue(row.get(9), STRINGS)));
            }
            return acknowledgements;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new StoreException("stored acknowledgements do not read back", e);
        }
    }

    private static Instant instant(JsonNode value) {
        return value.isNull() ? null : OffsetDateTime.parse(value.asText()).toInstant();
    }

    private static Acknowledgement toAcknowledgement(ResultSet row) throws SQLException {
        try {
            return new Acknowledgement(
                    row.getString("id"),
                    new NhsNumber(row.getString("nhs_number")),
                    row.getString("alert_id"),
                    Acknowledgement.Outcome.fromCode(row.getString("outcome")).orElseThrow(),
                    row.getString("reason"),
                    Jdbc.instant(row, "valid_until"),
                    row.getString("user_id"),
                    row.getString("client_id"),
                    Jdbc.instant(row, "recorded_at"),
                    Alert.Severity.valueOf(row.getString("severity").toUpperCase(Locale.ROOT)),
                    JSON.readValue(row.getString("item_ids"), STRINGS));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("stored acknowledgement item ids do not read back", e);
        }
    }
}
