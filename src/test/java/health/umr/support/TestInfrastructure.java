package health.umr.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares the real PostgreSQL and Kafka broker for every @QuarkusTest in the run. */
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = EmbeddedKafkaResource.class, restrictToAnnotatedClass = false)
public final class TestInfrastructure {
    private TestInfrastructure() {}
}
