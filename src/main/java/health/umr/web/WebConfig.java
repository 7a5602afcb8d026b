package health.umr.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The clinician view's sign-in with an external OpenID Connect issuer (UMR_AUTH_ISSUER set). */
@ConfigMapping(prefix = "umr.web")
public interface WebConfig {

    /** The public client the browser signs in as (UMR_WEB_CLIENT_ID), registered at the issuer with PKCE. */
    @WithDefault("umr-web")
    String clientId();

    /** The scopes it asks for (UMR_WEB_SCOPE): read patients' records, acknowledge alerts. */
    @WithDefault("openid profile user/*.read user/DetectedIssue.write")
    String scope();
}
