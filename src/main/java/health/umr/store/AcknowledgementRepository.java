package health.umr.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
