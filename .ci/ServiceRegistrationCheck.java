import java.io.IOException;
import java.io.InputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks built jars the way the module path and the class path will read them: for each jar, the
 * {@code provides} clauses of its module descriptor and its {@code META-INF/services} files must
 * name the same providers for the same services, and no provider may sit in an exported or opened
 * package (users would compile against it, and against its compile-time-only annotations).
 * A jar without a module descriptor is reported and skipped. Exits 1 on the first disagreement.
 * Usage, with the JDK 11+ source launcher: {@code java .ci/ServiceRegistrationCheck.java a.jar b.jar ...}
 */
public final class ServiceRegistrationCheck {

    private static final String SERVICES = "META-INF/services/";

    public static void main(String[] jars) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String jar : jars) {
            ModuleReference module;
            try {
                Set<ModuleReference> found = ModuleFinder.of(Path.of(jar)).findAll();
                module = found.size() == 1 ? found.iterator().next() : null;
            } catch (FindException e) {
                problems.add(jar + ": unreadable module: " + e.getMessage());
                continue;
            }
            ModuleDescriptor descriptor = module == null ? null : module.descriptor();
            if (descriptor == null || descriptor.isAutomatic()) {
                System.out.println("skipped (no module descriptor): " + jar);
                continue;
            }
            int before = problems.size();
            Map<String, Set<String>> provides = new TreeMap<>();
            descriptor.provides().forEach(p -> provides.put(p.service(), new TreeSet<>(p.providers())));
            Map<String, Set<String>> services = servicesFiles(module);
            if (!provides.equals(services)) {
                problems.add(jar + ": module-info provides " + provides + " but META-INF/services lists " + services);
            }
            Set<String> visible = descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
            descriptor.opens().forEach(o -> visible.add(o.source()));
            for (Set<String> providers : provides.values()) {
                for (String provider : providers) {
                    int dot = provider.lastIndexOf('.');
                    if (dot > 0 && visible.contains(provider.substring(0, dot))) {
                        problems.add(jar + ": provider " + provider + " is in an exported or opened package; keep it internal");
                    }
                }
            }
            System.out.println((problems.size() == before ? "ok: " : "NOT ok: ") + descriptor.name() + " " + (provides.isEmpty() ? "provides nothing" : "provides " + provides)
                    + " (" + jar + ")");
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("FAILED: " + p));
            System.exit(1);
        }
    }

    /** The jar's services files, parsed as ServiceLoader reads them: '#' comments, blank lines and spaces ignored. */
    private static Map<String, Set<String>> servicesFiles(ModuleReference module) throws IOException {
        Map<String, Set<String>> services = new TreeMap<>();
        try (ModuleReader reader = module.open()) {
            for (String resource : reader.list().filter(r -> r.startsWith(SERVICES) && r.length() > SERVICES.length()).toList()) {
                Set<String> providers = new TreeSet<>();
                try (InputStream in = reader.open(resource).orElseThrow()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        int comment = line.indexOf('#');
                        String name = (comment < 0 ? line : line.substring(0, comment)).strip();
                        if (!name.isEmpty()) {
                            providers.add(name);
                        }
                    }
                }
                services.put(resource.substring(SERVICES.length()), providers);
            }
        }
        return services;
    }
}
