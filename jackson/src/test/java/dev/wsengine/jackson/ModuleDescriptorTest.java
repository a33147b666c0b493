package dev.wsengine.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

  @Test
  void exportsTheCodecAndPassesOnWhatItsApiMentions() throws Exception {
    Path classes =
        Path.of(JsonDecoder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor descriptor = ModuleFinder.of(classes).findAll().iterator().next().descriptor();

    assertEquals("dev.wsengine.jackson", descriptor.name());
    assertEquals(
        Set.of("dev.wsengine.jackson"),
        descriptor.exports().stream()
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet()));
    // The public signatures name Decoder/Encoder and ObjectMapper: users read both modules.
    assertEquals(
        Set.of("dev.wsengine.api", "com.fasterxml.jackson.databind"),
        descriptor.requires().stream()
            .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
            .map(Requires::name)
            .collect(Collectors.toSet()));
    assertEquals(Set.of(), descriptor.opens());
  }
}
