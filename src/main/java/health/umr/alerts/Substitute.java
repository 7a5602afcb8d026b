package health.umr.alerts;

import java.util.Objects;

/**
 * A medicine the reference list names as able to replace a time-critical one on the ward (dispersible
 * co-beneldopa for co-careldopa, fosphenytoin for phenytoin, parenteral hydrocortisone for prednisolone):
 * one row of {@code reference/time-critical-substitutes.csv}. An inpatient order for the substitute, by
 * one of the routes it applies to, clears the omission of the medicine; nothing else of the class does.
 *
 * @param vtmId          the time-critical medicine's VTM id
 * @param substituteVtm  the substitute's VTM id
 * @param substituteName the substitute's VTM name
 * @param appliesTo      which products of the substitute can replace it
 * @param reason         why, for people
 */
public record Substitute(
        String vtmId, String substituteVtm, String substituteName, AppliesTo appliesTo, String reason) {

    public Substitute {
        Objects.requireNonNull(vtmId, "vtmId");
        Objects.requireNonNull(substituteVtm, "substituteVtm");
        Objects.requireNonNull(appliesTo, "appliesTo");
    }
}
