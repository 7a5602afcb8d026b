package health.umr.api;

import health.umr.dmdrelease.DmdLoadSummary;
import health.umr.dmdrelease.DmdService;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Loads an NHSBSA dm+d release zip into the running service. */
@Path("/api/admin/dmd")
public class DmdAdminResource {

    private final DmdService dmd;

    public DmdAdminResource(DmdService dmd) {
        this.dmd = dmd;
    }

    @POST
    @Consumes({"application/zip", "application/x-zip-compressed", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    public DmdLoadSummary load(byte[] zip, @QueryParam("name") String name) {
        if (zip == null || zip.length == 0) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY,
                    "send the NHSBSA dm+d release zip as the body (Content-Type: application/zip)");
        }
        return dmd.loadZip(zip, name == null || name.isBlank() ? "upload" : name);
    }
}
