package example.umr.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares the embedded PostgreSQL for every @QuarkusTest in the run. */
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
public final class TestDatabase {
    private TestDatabase() {
    }
}
