package dev.fovea.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The finite-difference check over every registered case, and the guard that no op class goes unchecked. */
class GradCheckTest {
    static List<GradCase> cases() {
        return GradCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientMatchesFiniteDifferences(GradCase c) {
        assertNull(GradCheck.check(c));
    }

    @Test
    void caseNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (GradCase c : cases()) {
            assertTrue(names.add(c.name()), "duplicate gradient-check case name: " + c.name());
        }
    }

    @Test
    void everyOpClassHasACase() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<String> ops = concreteOpClasses();
        assertTrue(ops.size() >= 40, "found only " + ops.size() + " op classes; is the scan looking in the right"
                + " place?");
        Set<String> covered = new TreeSet<>();
        for (GradCase c : cases()) {
            for (Class<?> k : GradCheck.opsUsed(c)) {
                covered.add(k.getName());
            }
        }
        Set<String> missing = new TreeSet<>(ops);
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "op classes with no gradient-check case: add one to the GradCases file of"
                + " their concept (a case covers every op in the graph it records)");
    }

    /**
     * Every concrete subclass of Op compiled into core, found by scanning all of core's class files (an op class
     * put in another package is found too).
     */
    private static Set<String> concreteOpClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Op.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = root.resolve("dev/fovea");
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(pkg)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                Class<?> k = Class.forName(name, false, GradCheckTest.class.getClassLoader());
                if (Op.class.isAssignableFrom(k) && k != Op.class && !Modifier.isAbstract(k.getModifiers())
                        && !k.isInterface()) {
                    out.add(k.getName());
                }
            }
        }
        return out;
    }
}
