package health.umr.deploy;

import static io.restassured.RestAssured.given;

import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The health paths deploy/ probes (the Kubernetes Deployment's probes, the image's HEALTHCHECK) are
 * answered by the running application, on the service port, without a token.
 */
@QuarkusTest
class DeployProbesTest {

    @Test
    void everyProbedPath_answers200_anonymously() throws Exception {
        TreeSet<String> paths = new TreeSet<>();
        DeployManifestsTest.read();
        for (Map<String, Object> resource : DeployManifestsTest.k8s) {
            if ("Deployment".equals(resource.get("kind"))) {
                String text = resource.toString();
                Matcher path = Pattern.compile("path=(/q/health/[a-z]+)").matcher(text);
                while (path.find()) {
                    paths.add(path.group(1));
                }
            }
        }
        Matcher healthcheck = Pattern.compile("(/q/health/[a-z]+)")
                .matcher(java.nio.file.Files.readString(Path.of("deploy/Dockerfile")));
        while (healthcheck.find()) {
            paths.add(healthcheck.group(1));
        }
        org.junit.jupiter.api.Assertions.assertTrue(paths.size() >= 3, "live, ready and started are probed: " + paths);
        for (String path : paths) {
            given().header(TestTokens.none()).get(path).then().statusCode(200);
        }
    }
}
