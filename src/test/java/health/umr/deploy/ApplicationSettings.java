package health.umr.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.config.UmrConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the application reads, from its own sources: application.properties, the {@link UmrConfig}
 * mapping and the configuration model every Quarkus extension on the classpath publishes
 * (META-INF/quarkus-config-doc/quarkus-config-model.json: each property, its environment variable and
 * whether it can be set at run time). The deploy files are checked against it.
 */
final class ApplicationSettings {

    /** Read by the image's ENTRYPOINT (JVM options) and by Quarkus itself (the profile), not by a config key. */
    static final Set<String> LAUNCHER = Set.of("JAVA_OPTS", "QUARKUS_PROFILE");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{[A-Z0-9_]+:([^}]*)}$");

    private final Properties properties = new Properties();
    private final Set<String> referencedEnv = new TreeSet<>();
    private final Set<String> umrEnv = new TreeSet<>();
    /** Quarkus environment variable to its phase (RUN_TIME, BUILD_TIME, BUILD_AND_RUN_TIME_FIXED). */
    private final Map<String, String> quarkusEnv = new HashMap<>();

    ApplicationSettings(Path applicationProperties) {
        try (Reader in = Files.newBufferedReader(applicationProperties)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            Matcher env = ENV_REFERENCE.matcher(properties.getProperty(key));
            while (env.find()) {
                referencedEnv.add(env.group(1));
            }
            String plain = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (plain.startsWith("umr.")) {
                umrEnv.add(envName(plain));
            }
        }
        collectMapping("umr", UmrConfig.class);
        collectGetenv(Path.of("src/main/java"));
        loadQuarkusModel();
    }

    /** Names the code reads itself before Quarkus starts (Main: System.getenv("X"), envOr("X", ...)). */
    private void collectGetenv(Path sources) {
        Pattern getenv = Pattern.compile("(?:getenv|envOr)\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
        try (java.util.stream.Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher read = getenv.matcher(Files.readString(file));
                while (read.find()) {
                    referencedEnv.add(read.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment variable SmallRye Config reads for a property: non-alphanumerics to _, upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The value of a key as packaged (no profile), with a ${ENV:default} resolved to its default. */
    String value(String key) {
        String raw = properties.getProperty(key);
        if (raw == null) {
            throw new AssertionError(key + " is not in application.properties");
        }
        Matcher placeholder = PLACEHOLDER.matcher(raw.trim());
        return placeholder.matches() ? placeholder.group(1) : raw.trim();
    }

    int httpPort() {
        return Integer.parseInt(value("quarkus.http.port"));
    }

    int managementPort() {
        return Integer.parseInt(value("quarkus.management.port"));
    }

    boolean hasProfile(String profile) {
        return properties.stringPropertyNames().stream().anyMatch(key -> key.startsWith("%" + profile + "."));
    }

    /** Empty when the application reads {@code env} at run time; else why not. */
    Optional<String> unread(String env) {
        if (LAUNCHER.contains(env) || referencedEnv.contains(env) || umrEnv.contains(env)) {
            return Optional.empty();
        }
        String phase = quarkusEnv.get(env);
        if (phase == null) {
            return Optional.of(env + " is read by nothing: not in application.properties, not a UmrConfig key, "
                    + "not a Quarkus setting of an extension on the classpath");
        }
        if (!phase.equals("RUN_TIME")) {
            return Optional.of(env + " is a Quarkus build-time setting (" + phase + "): the packaged image ignores it");
        }
        return Optional.empty();
    }

    private void collectMapping(String prefix, Class<?> type) {
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0 || method.isDefault()) {
                continue;
            }
            String name = prefix + "." + kebab(method.getName());
            Class<?> returned = method.getReturnType();
            if (returned.isInterface() && returned.getEnclosingClass() == UmrConfig.class) {
                collectMapping(name, returned);
            } else {
                umrEnv.add(envName(name));
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private void loadQuarkusModel() {
        ObjectMapper json = new ObjectMapper();
        try {
            Enumeration<URL> models = Thread.currentThread()
                    .getContextClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            for (URL model : Collections.list(models)) {
                try (InputStream in = model.openStream()) {
                    collectQuarkus(json.readTree(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!quarkusEnv.containsKey("QUARKUS_HTTP_PORT")) {
            throw new AssertionError("no Quarkus configuration model on the test classpath");
        }
    }

    private void collectQuarkus(JsonNode node) {
        if (node.isObject()) {
            JsonNode path = node.get("path");
            if (path != null && path.has("environmentVariable") && node.has("phase")) {
                quarkusEnv.put(
                        path.get("environmentVariable").asText(),
                        node.get("phase").asText());
            }
        }
        node.forEach(this::collectQuarkus);
    }

    /** For messages: the UMR names the application reads. */
    Set<String> umrEnvNames() {
        Set<String> all = new HashSet<>(umrEnv);
        all.addAll(referencedEnv);
        return new TreeSet<>(all);
    }
}
