package io.papyra.persistence.json;

import io.papyra.persistence.EventRecord;
import org.junit.jupiter.api.Test;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The codec is a module that works on the module path: its descriptor requires Jackson's real module
 * {@code tools.jackson.core} (not an automatic one), and a module layer of the built module, the API
 * and the Jackson jar alone resolves and encodes.
 */
class ModulePathTest {

    private static final String MODULE = "io.papyra.persistence.json";
    private static final String JACKSON = "tools.jackson.core";

    @Test
    void theTestsRunInTheNamedModuleWithJacksonAsANamedModule() {
        Module codec = RecordCodec.class.getModule();
        assumeTrue(codec.isNamed(), "a class-path run (PIT, an IDE): nothing to check");
        assertEquals(MODULE, codec.getName());
        Module jackson = tools.jackson.core.json.JsonFactory.class.getModule();
        assertEquals(JACKSON, jackson.getName());
        assertFalse(jackson.getDescriptor().isAutomatic(), "Jackson ships a module descriptor");
        assertTrue(codec.canRead(jackson));
        ModuleDescriptor descriptor = codec.getDescriptor();
        Set<String> requires = descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.containsAll(Set.of("io.papyra.persistence", JACKSON)), requires::toString);
        assertEquals(Set.of("io.papyra.persistence.json"),
                descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(descriptor.requires().stream().anyMatch(r -> r.name().equals("io.papyra.persistence")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), "the API is transitive");
    }

    /** A fresh layer that holds only the three modules: the codec's own requires make it resolve and run. */
    @Test
    void aLayerOfTheCodecTheApiAndJacksonResolvesAndEncodes() throws Exception {
        ModuleFinder finder = ModuleFinder.of(location(RecordCodec.class), location(EventRecord.class),
                location(tools.jackson.core.json.JsonFactory.class));
        assumeTrue(finder.find(MODULE).isPresent(), "the codec's classes have no module descriptor here");
        ModuleLayer boot = ModuleLayer.boot();
        // An empty parent configuration: nothing of the boot layer's copies leaks in.
        Configuration configuration = Configuration.resolve(finder, java.util.List.of(boot.configuration()),
                ModuleFinder.of(), Set.of(MODULE));
        Set<String> resolved = configuration.modules().stream().map(m -> m.name()).collect(Collectors.toSet());
        assertTrue(resolved.containsAll(Set.of(MODULE, "io.papyra.persistence", JACKSON)), resolved::toString);
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader(MODULE);
        Class<?> codecClass = loader.loadClass(RecordCodec.class.getName());
        assertEquals(layer, codecClass.getModule().getLayer());
        Object codec = codecClass.getMethod("standard").invoke(null);
        Class<?> eventClass = loader.loadClass(EventRecord.class.getName());
        assertEquals(layer, eventClass.getModule().getLayer(), "the layer's own API");
        Object event = eventClass.getConstructors()[0].newInstance("s", "local://1", "E", Map.of("k", 1), Instant.EPOCH);
        Class<?> recordType = loader.loadClass("io.papyra.persistence.PersistenceRecord");
        String json = (String) codecClass.getMethod("encodeToString", recordType).invoke(codec, event);
        assertEquals("{\"kind\":\"event\",\"system_id\":\"s\",\"actor_address\":{\"system\":\"local\",\"actor_id\":1},"
                + "\"event_type\":\"E\",\"payload\":{\"k\":1},\"timestamp\":0.0,\"timestamp_ns\":0}", json);
        assertEquals(event, codecClass.getMethod("decode", String.class).invoke(codec, json));
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
