package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

  @Test
  void internalPackageIsExportedOnlyToWsengineModules() throws Exception {
    Path classes =
        Path.of(CloseStatus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor descriptor = ModuleFinder.of(classes).findAll().iterator().next().descriptor();

    assertEquals("dev.wsengine.api", descriptor.name());
    // Users see the API and the SPI; the internal package only the modules that share it.
    assertEquals(
        ModuleDescriptor.newModule("x")
            .exports("dev.wsengine")
            .exports("dev.wsengine.spi")
            .exports(
                Set.of(),
                "dev.wsengine.internal",
                Set.of(
                    "dev.wsengine.processor",
                    "dev.wsengine.runtime",
                    "dev.wsengine.testing",
                    "dev.wsengine.tyrus",
                    "dev.wsengine.jdk"))
            .build()
            .exports(),
        descriptor.exports());
  }
}
