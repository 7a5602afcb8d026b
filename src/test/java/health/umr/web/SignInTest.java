package health.umr.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sign-in settings the page gets, from a real issuer's discovery document. Plain Java. */
class SignInTest {

    @Test
    void withAnExternalIssuer_thePageGetsItsEndpoints_andMayPostToItsTokenEndpoint() throws Exception {
        try (FakeIssuer issuer = new FakeIssuer(() -> "unused")) {
            SignIn signIn = new SignIn(Optional.of(issuer.url()), "umr-web", "openid user/*.read");
            SignIn.Page page = signIn.page();
            assertEquals(issuer.url() + "/authorize", page.authorizationEndpoint());
            assertEquals(issuer.url() + "/token", page.tokenEndpoint());
            assertEquals("umr-web", page.clientId());
            assertEquals(Optional.of(issuer.url()), signIn.tokenOrigin(), "the Content-Security-Policy's connect-src");
        }
    }

    @Test
    void withTheLocalIssuer_orAnIssuerThatCannotBeRead_signInIsByTokenOnly() throws Exception {
        SignIn local = new SignIn(Optional.empty(), "umr-web", "openid");
        assertNull(local.page().authorizationEndpoint());
        assertTrue(local.tokenOrigin().isEmpty());

        String gone;
        try (FakeIssuer issuer = new FakeIssuer(() -> "unused")) {
            gone = issuer.url();
        }
        SignIn unreachable = new SignIn(Optional.of(gone), "umr-web", "openid");
        assertNull(unreachable.page().authorizationEndpoint(), "no error page: the token form still works");
    }
}
