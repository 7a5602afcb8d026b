package health.umr.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.config.UmrConfig;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/ cannot be built or run on this machine (no container engine, no cluster), so it is read:
 * the Dockerfile, the Compose file, the Keycloak realm and every Kubernetes manifest are parsed and
 * checked against the application itself: its ports, its health paths, the environment variables it
 * reads (application.properties, {@link UmrConfig}, Quarkus' own run-time settings), its topics, and
 * the scopes of docs/contract.md. DeployProbesTest asks the running application for the same paths.
 */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("deploy");
    static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    /** docs/contract.md, "Security and audit", plus the metrics scraper's scope. */
    static final Set<String> CONTRACT_SCOPES = Set.of(
            "system/*.write",
            "system/*.read",
            "user/*.read",
            "patient/*.read",
            "user/DetectedIssue.write",
            "umr.admin",
            "umr.audit",
            "umr.reports",
            "umr.metrics");

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|KEY).*");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{[A-Z0-9_]+(:[?-][^}]*)?}$");

    static ApplicationSettings app;
    static Dockerfile dockerfile;
    static Map<String, Object> compose;
    static JsonNode realm;
    static List<Map<String, Object>> k8s;

    @BeforeAll
    static void read() throws IOException {
        app = new ApplicationSettings(Path.of("src/main/resources/application.properties"));
        dockerfile = new Dockerfile(DEPLOY.resolve("Dockerfile"));
        compose = map(yaml(DEPLOY.resolve("compose.yaml")).get(0));
        realm = new ObjectMapper()
                .readTree(DEPLOY.resolve("keycloak/realm-umr.json").toFile());
        k8s = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DEPLOY.resolve("k8s"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : yaml(file)) {
                    if (document != null) {
                        Map<String, Object> resource = new LinkedHashMap<>(map(document));
                        resource.put("__file", file.toString());
                        k8s.add(resource);
                    }
                }
            }
        }
    }

    // --- Dockerfile ---------------------------------------------------------------------------

    @Test
    void dockerfile_pinnedBases_nonRootUser_noAdd() {
        for (Dockerfile.Stage stage : dockerfile.stages) {
            String image = stage.image();
            assertTrue(image.contains(":"), image + ": pin a tag");
            assertFalse(image.endsWith(":latest"), image + ": not latest");
        }
        String runtime = dockerfile.last().image();
        assertTrue(
                runtime.startsWith("eclipse-temurin:17") || runtime.contains("openjdk-17-runtime"),
                runtime + ": a maintained Java 17 runtime image");
        List<Dockerfile.Instruction> users = dockerfile.last().all("USER");
        assertFalse(users.isEmpty(), "the image names its user");
        String user = users.get(users.size() - 1).arguments().split(":")[0];
        assertTrue(user.matches("[1-9][0-9]*"), "a numeric non-root uid (Kubernetes' runAsNonRoot checks it): " + user);
        assertTrue(dockerfile.instructions.stream().noneMatch(i -> i.keyword().equals("ADD")), "COPY, never ADD");
    }

    @Test
    void dockerfile_buildsTheProductionFastJar_andRunsIt() {
        Dockerfile.Stage build = dockerfile.stages.get(0);
        assertTrue(
                build.all("RUN").stream()
                        .anyMatch(run -> run.arguments().contains(" package")
                                && run.arguments().contains("-Dproduction")),
                "the build stage packages the production artefact (mvn package -Dproduction)");
        List<String> copied = dockerfile.last().all("COPY").stream()
                .map(Dockerfile.Instruction::arguments)
                .toList();
        for (String layer :
                List.of("quarkus-app/lib/", "quarkus-app/app/", "quarkus-app/quarkus/", "quarkus-app/*.jar")) {
            assertTrue(
                    copied.stream().anyMatch(c -> c.startsWith("--from=" + build.name()) && c.contains(layer)),
                    "the fast-jar layer " + layer + " comes from the build stage");
        }
        String entrypoint = single(dockerfile.last(), "ENTRYPOINT");
        assertTrue(entrypoint.startsWith("["), "ENTRYPOINT in JSON form (signals reach the JVM)");
        assertTrue(entrypoint.contains("exec java") && entrypoint.contains("quarkus-run.jar"), entrypoint);
        assertTrue(entrypoint.contains("$JAVA_OPTS"), "JAVA_OPTS, set in the image and the manifests, is used");
        // what the build stage copies is in the build context
        String ignore = Files.exists(DEPLOY.resolve("Dockerfile.dockerignore"))
                ? read(DEPLOY.resolve("Dockerfile.dockerignore"))
                : "";
        for (Dockerfile.Instruction copy : build.all("COPY")) {
            String source = Dockerfile.words(copy.arguments()).get(0);
            assertTrue(Files.exists(Path.of(source)), source + " exists");
            assertTrue(
                    ignore.contains("!" + source.replaceAll("/$", "")), source + " is let through the .dockerignore");
        }
    }

    @Test
    void dockerfile_portsHealthcheckAndEnvironment_matchTheApplication() {
        Set<String> exposed = dockerfile.last().all("EXPOSE").stream()
                .flatMap(e -> Dockerfile.words(e.arguments()).stream())
                .collect(Collectors.toSet());
        assertEquals(Set.of(String.valueOf(app.httpPort()), String.valueOf(app.managementPort())), exposed);
        String healthcheck = single(dockerfile.last(), "HEALTHCHECK");
        assertTrue(healthcheck.contains("CMD [\""), "HEALTHCHECK CMD in JSON form: " + healthcheck);
        assertTrue(healthcheck.contains("/q/health/ready"), "the healthcheck asks readiness");
        assertTrue(healthcheck.contains("/" + app.httpPort()), "the healthcheck asks the service port");
        Map<String, String> env = dockerfile.last().env();
        assertReadByTheApplication("the Dockerfile", env.keySet());
        assertEquals(String.valueOf(app.httpPort()), env.get("QUARKUS_HTTP_PORT"));
        assertEquals(String.valueOf(app.managementPort()), env.get("QUARKUS_MANAGEMENT_PORT"));
        assertTrue(
                app.hasProfile(env.get("QUARKUS_PROFILE")),
                "application.properties has %" + env.get("QUARKUS_PROFILE"));
        assertTrue(env.get("JAVA_OPTS").contains("-Djava.io.tmpdir=/tmp"), "writes only under /tmp");
    }

    // --- Compose ------------------------------------------------------------------------------

    @Test
    void compose_runsPostgres17_kafka4KRaft_keycloak_andTwoUmrInstances() {
        Map<String, Object> services = map(compose.get("services"));
        assertTrue(str(map(services.get("postgres")).get("image")).startsWith("postgres:17"));
        Map<String, Object> kafka = map(services.get("kafka"));
        String kafkaImage = str(kafka.get("image"));
        assertEquals("apache/kafka:" + pomProperty("kafka.version"), kafkaImage, "the broker version the tests run");
        assertTrue(str(map(kafka.get("environment")).get("KAFKA_PROCESS_ROLES")).contains("controller"), "KRaft");
        assertTrue(str(map(services.get("keycloak")).get("image")).contains("keycloak"));
        Map<String, Map<String, Object>> umr = umrServices();
        assertTrue(umr.size() >= 2, "two UMR instances: " + umr.keySet());
        Set<String> instanceIds = new HashSet<>();
        Set<String> databases = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> service : umr.entrySet()) {
            Map<String, Object> env = map(service.getValue().get("environment"));
            assertReadByTheApplication("compose service " + service.getKey(), env.keySet());
            assertTrue(instanceIds.add(str(env.get("UMR_INSTANCE_ID"))), "each instance has its own UMR_INSTANCE_ID");
            databases.add(str(env.getOrDefault("UMR_DATABASE_URL", env.get("QUARKUS_DATASOURCE_JDBC_URL"))));
            assertFalse(env.containsKey("UMR_KAFKA_GROUP_ID"), "one consumer group for all instances");
            assertEquals(Boolean.TRUE, service.getValue().get("read_only"), "read-only root filesystem");
            assertTrue(list(service.getValue().get("tmpfs")).contains("/tmp"), "a writable /tmp");
            for (Object port : list(service.getValue().getOrDefault("ports", List.of()))) {
                assertTrue(str(port).endsWith(":" + app.httpPort()), "publishes the service port only: " + port);
            }
            assertNoLiteralSecrets("compose service " + service.getKey(), env);
        }
        assertEquals(1, databases.size(), "the instances share one database: " + databases);
    }

    @Test
    void compose_umrEnvironment_pointsAtTheServicesThatExist() {
        Map<String, Object> services = map(compose.get("services"));
        for (Map<String, Object> service : umrServices().values()) {
            Map<String, Object> env = map(service.get("environment"));
            URI database = URI.create(str(env.get("UMR_DATABASE_URL")).substring("jdbc:".length()));
            Map<String, Object> postgresEnv =
                    map(map(services.get(database.getHost())).get("environment"));
            assertEquals("/" + postgresEnv.get("POSTGRES_DB"), database.getPath());
            assertEquals(postgresEnv.get("POSTGRES_USER"), env.get("UMR_DATABASE_USER"));
            assertEquals(postgresEnv.get("POSTGRES_PASSWORD"), env.get("UMR_DATABASE_PASSWORD"));

            String bootstrap = str(env.get("KAFKA_BOOTSTRAP_SERVERS"));
            Map<String, Object> broker = map(services.get(bootstrap.split(":")[0]));
            assertTrue(
                    str(map(broker.get("environment")).get("KAFKA_ADVERTISED_LISTENERS"))
                            .contains("//" + bootstrap),
                    "the broker advertises " + bootstrap);
            Map<String, Object> dependsOn = map(service.get("depends_on"));
            assertTrue(
                    dependsOn.keySet().containsAll(Set.of(database.getHost(), "keycloak")), "waits for its neighbours");

            // tokens: iss = the address Keycloak is published at; keys fetched over the Compose network
            Map<String, Object> keycloak = map(services.get("keycloak"));
            String hostname = str(map(keycloak.get("environment")).get("KC_HOSTNAME"));
            assertEquals(hostname + "/realms/" + realm.get("realm").asText(), env.get("UMR_AUTH_ISSUER"));
            int published = URI.create(hostname).getPort();
            assertTrue(
                    list(keycloak.get("ports")).contains(published + ":8080"), "Keycloak is published at " + hostname);
            assertEquals(
                    "http://keycloak:8080/realms/" + realm.get("realm").asText() + "/protocol/openid-connect/certs",
                    env.get("UMR_AUTH_JWKS_URI"));
            assertEquals(audienceOfTheRealm(), env.get("UMR_AUTH_AUDIENCE"));
        }
    }

    @Test
    void compose_createsTheApplicationsTopics_andHandsKeycloakTheRealmAndItsSecrets() throws Exception {
        Map<String, Object> services = map(compose.get("services"));
        String topics = String.join(
                "\n",
                list(map(services.get("kafka-topics")).get("command")).stream()
                        .map(Object::toString)
                        .toList());
        for (String topic : defaultTopics()) {
            assertTrue(topics.contains(topic), "kafka-topics creates " + topic);
        }
        Map<String, Object> keycloak = map(services.get("keycloak"));
        assertTrue(list(keycloak.get("command")).contains("--import-realm"));
        assertTrue(
                list(keycloak.get("volumes")).stream()
                        .anyMatch(v -> str(v).startsWith("./keycloak/realm-umr.json:/opt/keycloak/data/import/")),
                "the realm file is mounted where --import-realm reads");
        Map<String, Object> keycloakEnv = map(keycloak.get("environment"));
        Matcher placeholders =
                Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(read(DEPLOY.resolve("keycloak/realm-umr.json")));
        while (placeholders.find()) {
            assertTrue(keycloakEnv.containsKey(placeholders.group(1)), "Keycloak is given " + placeholders.group(1));
        }
        for (Map.Entry<String, Object> service : services.entrySet()) {
            Object env = map(service.getValue()).get("environment");
            if (env != null) {
                assertNoLiteralSecrets("compose service " + service.getKey(), map(env));
            }
        }
        String gitignore = read(Path.of(".gitignore"));
        assertTrue(gitignore.contains("deploy/.env"), "the generated secrets are never committed");
    }

    // --- Keycloak realm -----------------------------------------------------------------------

    @Test
    void realm_definesTheContractsScopes_withThePatientClaimAndTheAudience() {
        Map<String, JsonNode> scopes = new LinkedHashMap<>();
        realm.get("clientScopes").forEach(scope -> scopes.put(scope.get("name").asText(), scope));
        for (String scope : CONTRACT_SCOPES) {
            assertTrue(scopes.containsKey(scope), "client scope " + scope);
            assertEquals(
                    "true",
                    scopes.get(scope).at("/attributes/include.in.token.scope").asText(),
                    scope + " in the scope claim");
        }
        JsonNode patientMappers = scopes.get("patient/*.read").get("protocolMappers");
        assertTrue(
                stream(patientMappers)
                        .anyMatch(m -> m.at("/config/claim.name").asText().equals("patient")
                                && m.at("/config/access.token.claim").asText().equals("true")),
                "patient/*.read carries the patient claim (the NHS number)");
        String audienceScope = scopes.entrySet().stream()
                .filter(s -> stream(s.getValue().get("protocolMappers"))
                        .anyMatch(m -> m.get("protocolMapper").asText().equals("oidc-audience-mapper")))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("an aud mapper"));
        assertEquals("umr", audienceOfTheRealm(), "the aud UMR checks by default (umr.auth.audience)");

        Set<String> granted = new TreeSet<>();
        for (JsonNode client : realm.get("clients")) {
            String id = client.get("clientId").asText();
            Set<String> defaults = texts(client.get("defaultClientScopes"));
            assertTrue(defaults.contains(audienceScope), id + " gets aud");
            for (String scope : union(defaults, texts(client.get("optionalClientScopes")))) {
                assertTrue(scopes.containsKey(scope), id + " names a scope that exists: " + scope);
                granted.add(scope);
            }
            if (client.has("secret")) {
                assertTrue(
                        PLACEHOLDER.matcher(client.get("secret").asText()).matches(), id + ": no secret in the repo");
            }
        }
        assertTrue(granted.containsAll(CONTRACT_SCOPES), "every scope is granted to some client: " + granted);
        for (JsonNode user : realm.get("users")) {
            for (JsonNode credential : user.path("credentials")) {
                assertTrue(PLACEHOLDER.matcher(credential.get("value").asText()).matches(), "no password in the repo");
            }
        }
    }

    // --- Kubernetes ---------------------------------------------------------------------------

    @Test
    void k8s_everyManifestIsAResource_andKustomizationListsThemAll() {
        Set<String> files = new TreeSet<>();
        for (Map<String, Object> resource : k8s) {
            String where = str(resource.get("__file"));
            assertNotNull(resource.get("apiVersion"), where);
            assertNotNull(resource.get("kind"), where);
            if (!str(resource.get("kind")).equals("Kustomization")) {
                assertNotNull(map(resource.get("metadata")).get("name"), where);
            }
            assertFalse(
                    str(resource.get("kind")).equals("Secret"), where + ": Secrets are referenced, never committed");
            files.add(Path.of(where).getFileName().toString());
        }
        Map<String, Object> kustomization = only("Kustomization");
        Set<String> listed = new TreeSet<>(list(kustomization.get("resources")).stream()
                .map(Object::toString)
                .toList());
        for (String file : listed) {
            assertTrue(Files.exists(DEPLOY.resolve("k8s").resolve(file)), file);
        }
        for (Map<String, Object> resource : k8s) {
            Path file = Path.of(str(resource.get("__file")));
            if (file.getParent().equals(DEPLOY.resolve("k8s")) && !file.endsWith("kustomization.yaml")) {
                assertTrue(listed.contains(file.getFileName().toString()), file + " is in kustomization.yaml");
            }
        }
    }

    @Test
    void k8s_deployment_probesPortsAndSecurity_matchTheApplicationAndTheImage() {
        Map<String, Object> container = umrContainer();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Object port : list(container.get("ports"))) {
            ports.put(str(map(port).get("name")), (Integer) map(port).get("containerPort"));
        }
        assertEquals(Map.of("http", app.httpPort(), "management", app.managementPort()), ports);
        Map<String, String> probes = new LinkedHashMap<>();
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
            Object port = get.get("port");
            assertTrue(
                    port.equals("http") || port.equals(app.httpPort()),
                    probe + " asks the service port (health is not on the management port)");
            probes.put(probe, str(get.get("path")));
        }
        assertEquals("/q/health/live", probes.get("livenessProbe"));
        assertEquals("/q/health/ready", probes.get("readinessProbe"));
        assertTrue(HEALTH_PATHS.containsAll(probes.values()), probes.toString());

        Map<String, Object> security = map(container.get("securityContext"));
        assertEquals(Boolean.TRUE, security.get("readOnlyRootFilesystem"));
        assertEquals(Boolean.FALSE, security.get("allowPrivilegeEscalation"));
        Map<String, Object> podSecurity = map(podSpec().get("securityContext"));
        assertEquals(Boolean.TRUE, podSecurity.get("runAsNonRoot"));
        String imageUser = lastUser();
        assertEquals(imageUser, String.valueOf(podSecurity.get("runAsUser")), "the image's uid");
        Set<String> emptyDirs = list(podSpec().get("volumes")).stream()
                .map(DeployManifestsTest::map)
                .filter(v -> v.containsKey("emptyDir"))
                .map(v -> str(v.get("name")))
                .collect(Collectors.toSet());
        assertTrue(
                list(container.get("volumeMounts")).stream()
                        .map(DeployManifestsTest::map)
                        .anyMatch(m -> m.get("mountPath").equals("/tmp") && emptyDirs.contains(str(m.get("name")))),
                "/tmp is an emptyDir");
    }

    @Test
    void k8s_resources_sizedForTheHeapTheBenchMeasured() {
        Map<String, Object> resources = map(umrContainer().get("resources"));
        Map<String, Object> requests = map(resources.get("requests"));
        Map<String, Object> limits = map(resources.get("limits"));
        assertNotNull(requests.get("cpu"));
        assertEquals(
                requests.get("memory"),
                limits.get("memory"),
                "memory request = limit: never OOM-killed for a neighbour");
        long limitMib = mebibytes(str(limits.get("memory")));
        Matcher percent = Pattern.compile("MaxRAMPercentage=(\\d+)")
                .matcher(str(configMap().get("JAVA_OPTS")));
        assertTrue(percent.find(), "JAVA_OPTS sizes the heap from the limit");
        long heapMib = limitMib * Long.parseLong(percent.group(1)) / 100;
        // make bench: peak heap 611 MB with -Xmx1g (bench/README.md); keep that heap, and room beside it
        assertTrue(heapMib >= 1000, "heap " + heapMib + " MiB, the bench ran with 1 GiB");
        assertTrue(limitMib - heapMib >= 400, "metaspace, threads and buffers need room beside the heap");
    }

    @Test
    void k8s_environment_isReadByTheApplication_andSecretsAreReferences() {
        Map<String, Object> container = umrContainer();
        Set<String> names = new TreeSet<>(configMap().keySet());
        Map<String, Object> literal = new LinkedHashMap<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> env = map(entry);
            names.add(str(env.get("name")));
            if (env.containsKey("value")) {
                literal.put(str(env.get("name")), env.get("value"));
            }
            if (SECRET_NAME.matcher(str(env.get("name"))).matches()) {
                assertNotNull(map(env.get("valueFrom")).get("secretKeyRef"), env.get("name") + " from a Secret");
            }
        }
        assertReadByTheApplication("deploy/k8s", names);
        assertNoLiteralSecrets("deploy/k8s ConfigMap", configMap());
        assertNoLiteralSecrets("deploy/k8s Deployment", literal);
        assertTrue(
                list(container.get("env")).stream()
                        .map(DeployManifestsTest::map)
                        .anyMatch(e -> e.get("name").equals("UMR_INSTANCE_ID")
                                && map(map(e.get("valueFrom")).get("fieldRef"))
                                        .get("fieldPath")
                                        .equals("metadata.name")),
                "each pod's name is its instance id");
        String configMapName = str(map(only("ConfigMap").get("metadata")).get("name"));
        assertTrue(
                list(container.get("envFrom")).stream()
                        .anyMatch(e -> configMapName.equals(
                                map(map(e).get("configMapRef")).get("name"))),
                "the Deployment reads the ConfigMap " + configMapName);
    }

    @Test
    void k8s_servicesPdbAndHpa_selectTheDeploymentsPods() {
        Map<String, Object> labels =
                map(map(map(only("Deployment").get("spec")).get("template")).get("metadata"));
        Map<String, Object> podLabels = map(labels.get("labels"));
        Set<String> portNames = list(umrContainer().get("ports")).stream()
                .map(p -> str(map(p).get("name")))
                .collect(Collectors.toSet());
        for (Map<String, Object> service : all("Service")) {
            Map<String, Object> spec = map(service.get("spec"));
            assertTrue(
                    podLabels.entrySet().containsAll(map(spec.get("selector")).entrySet()), "Service selects the pods");
            for (Object port : list(spec.get("ports"))) {
                assertTrue(portNames.contains(str(map(port).get("targetPort"))), "named target port " + port);
            }
        }
        Map<String, Object> pdb = map(only("PodDisruptionBudget").get("spec"));
        assertTrue(podLabels
                .entrySet()
                .containsAll(map(map(pdb.get("selector")).get("matchLabels")).entrySet()));
        Map<String, Object> hpa = map(only("HorizontalPodAutoscaler").get("spec"));
        assertEquals("Deployment", map(hpa.get("scaleTargetRef")).get("kind"));
        assertEquals(
                map(only("Deployment").get("metadata")).get("name"),
                map(hpa.get("scaleTargetRef")).get("name"));
        int maxReplicas = (Integer) hpa.get("maxReplicas");
        int consumers = Integer.parseInt(str(configMap().get("UMR_KAFKA_CONSUMERS")));
        int partitions =
                (Integer) map(kafkaTopic(defaultTopics().get(0)).get("spec")).get("partitions");
        assertTrue(
                maxReplicas * consumers <= partitions,
                "every consumer thread of the largest scale-out gets a partition: " + maxReplicas + " x " + consumers
                        + " <= " + partitions);
        assertTrue((Integer) hpa.get("minReplicas") >= 2, "two instances at least: one can die");
    }

    @Test
    void k8s_operatorResources_matchTheAddressesTheConfigMapNames() {
        Map<String, Object> cluster = only("Cluster");
        String clusterName = str(map(cluster.get("metadata")).get("name"));
        URI database = URI.create(str(configMap().get("UMR_DATABASE_URL")).substring("jdbc:".length()));
        assertEquals(clusterName + "-rw", database.getHost(), "CloudNativePG's read-write Service");
        assertEquals(
                "/"
                        + map(map(map(cluster.get("spec")).get("bootstrap")).get("initdb"))
                                .get("database"),
                database.getPath());
        for (Object entry : list(umrContainer().get("env"))) {
            Map<String, Object> env = map(entry);
            if (str(env.get("name")).startsWith("UMR_DATABASE_")) {
                assertEquals(
                        clusterName + "-app",
                        map(map(env.get("valueFrom")).get("secretKeyRef")).get("name"));
            }
        }
        Map<String, Object> kafka = only("Kafka");
        String bootstrap = str(configMap().get("KAFKA_BOOTSTRAP_SERVERS"));
        assertTrue(bootstrap.startsWith(map(kafka.get("metadata")).get("name") + "-kafka-bootstrap"), bootstrap);
        for (String topic : defaultTopics()) {
            assertNotNull(kafkaTopic(topic), "a KafkaTopic " + topic);
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertReadByTheApplication(String where, Set<String> names) {
        List<String> unread = names.stream()
                .map(app::unread)
                .flatMap(java.util.Optional::stream)
                .toList();
        assertTrue(unread.isEmpty(), where + ": " + unread + " (UMR reads " + app.umrEnvNames() + ")");
    }

    private static void assertNoLiteralSecrets(String where, Map<String, Object> env) {
        for (Map.Entry<String, Object> e : env.entrySet()) {
            if (SECRET_NAME.matcher(e.getKey()).matches() && !e.getKey().equals("UMR_AUTH_JWKS_URI")) {
                assertTrue(
                        PLACEHOLDER.matcher(str(e.getValue())).matches(),
                        where + ": " + e.getKey() + " must come from the environment, not the file");
            }
        }
    }

    private static String audienceOfTheRealm() {
        for (JsonNode scope : realm.get("clientScopes")) {
            for (JsonNode mapper : scope.path("protocolMappers")) {
                if (mapper.get("protocolMapper").asText().equals("oidc-audience-mapper")) {
                    return mapper.at("/config/included.custom.audience").asText();
                }
            }
        }
        throw new AssertionError("no audience mapper");
    }

    /** The topics the application uses when nothing is configured (UmrConfig's defaults). */
    static List<String> defaultTopics() {
        List<String> topics = new ArrayList<>();
        for (String method : List.of("inboundTopics", "deadLetterTopic", "recordChangedTopic")) {
            try {
                topics.add(UmrConfig.Kafka.class
                        .getMethod(method)
                        .getAnnotation(WithDefault.class)
                        .value());
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }
        return topics;
    }

    private static Map<String, Map<String, Object>> umrServices() {
        Map<String, Map<String, Object>> umr = new LinkedHashMap<>();
        for (Map.Entry<String, Object> service : map(compose.get("services")).entrySet()) {
            Object build = map(service.getValue()).get("build");
            if (build != null) {
                Map<String, Object> b = map(build);
                Path dockerfilePath = DEPLOY.resolve(str(b.get("context"))).resolve(str(b.get("dockerfile")));
                assertEquals(DEPLOY.resolve("Dockerfile").normalize(), dockerfilePath.normalize());
                umr.put(service.getKey(), map(service.getValue()));
            }
        }
        return umr;
    }

    private static Map<String, Object> podSpec() {
        return map(map(map(only("Deployment").get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> umrContainer() {
        return map(list(podSpec().get("containers")).get(0));
    }

    private static Map<String, Object> configMap() {
        return map(only("ConfigMap").get("data"));
    }

    private static Map<String, Object> kafkaTopic(String name) {
        return all("KafkaTopic").stream()
                .filter(t -> map(t.get("metadata")).get("name").equals(name))
                .findFirst()
                .orElse(null);
    }

    private static String lastUser() {
        List<Dockerfile.Instruction> users = dockerfile.last().all("USER");
        return users.get(users.size() - 1).arguments().split(":")[0];
    }

    private static List<Map<String, Object>> all(String kind) {
        return k8s.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    private static Map<String, Object> only(String kind) {
        List<Map<String, Object>> found = all(kind);
        assertEquals(1, found.size(), "one " + kind + " in deploy/k8s");
        return found.get(0);
    }

    private static String single(Dockerfile.Stage stage, String keyword) {
        List<Dockerfile.Instruction> found = stage.all(keyword);
        assertEquals(1, found.size(), "one " + keyword);
        return found.get(0).arguments();
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.replace("Gi", "")) * 1024;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.replace("Mi", ""));
        }
        throw new AssertionError("give memory in Mi or Gi: " + quantity);
    }

    private static String pomProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(read(Path.of("pom.xml")));
        assertTrue(m.find(), name + " in pom.xml");
        return m.group(1);
    }

    private static List<Object> yaml(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            List<Object> documents = new ArrayList<>();
            new Yaml().loadAll(in).forEach(documents::add);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        if (array != null) {
            array.forEach(nodes::add);
        }
        return nodes.stream();
    }

    private static Set<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertTrue(value instanceof Map, "a mapping: " + value);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        assertTrue(value instanceof List, "a list: " + value);
        return (List<Object>) value;
    }

    static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
