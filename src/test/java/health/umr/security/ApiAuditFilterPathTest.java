package health.umr.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** The audited path has one leading '/', as the regex it replaced left it. */
class ApiAuditFilterPathTest {

    @Property(tries = 1_000)
    void sameAsTheRegex(@ForAll @Chars({'/', 'a', 'p', '$', '%', ' '}) @StringLength(max = 12) String path) {
        assertEquals("/" + path.replaceAll("^/+", ""), ApiAuditFilter.rooted(path));
    }
}
