package health.umr.security;

import health.umr.access.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The verified caller of the current HTTP request, for JAX-RS resources: inject this and call
 * {@link #get()}, then hand the plain {@link Caller} to the use case. Set by {@link ApiAccessFilter}.
 */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; only public endpoints (which need none) have no caller. */
    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no caller: this endpoint is public, or the request was not authenticated");
        }
        return caller;
    }

    public Optional<Caller> find() {
        return Optional.ofNullable(caller);
    }
}
