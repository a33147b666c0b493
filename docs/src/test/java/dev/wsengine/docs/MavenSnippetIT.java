package dev.wsengine.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Maven XML of {@code getting-started.md}, pasted into an otherwise empty pom, builds a handler
 * and runs the processor on it. A separate Maven process builds that project, so this checks what a
 * user gets, which a test inside this reactor (whose parent pom pins everything) cannot.
 *
 * <p>The XML is taken from the page when the test runs, so the page and the test cannot drift. The
 * child build is offline in effect: its local repository is the one invoker:install filled with
 * this reactor's artifacts (see the module's pom), and its only remote repository is a file://
 * mirror of this build's local repository, for plugins and third-party libraries. Central's
 * snapshot policy applies to that mirror, so a stale wsengine snapshot there is never used.
 */
class MavenSnippetIT {
  /** Failsafe runs in the module's directory, {@code docs/}. */
  private static final Path MODULE = Path.of("").toAbsolutePath();

  private static final Path PAGE = MODULE.resolve("getting-started.md");
  private static final Path WORK = MODULE.resolve("target/snippet-build");

  @Test
  void mavenSnippetInAnEmptyPomGeneratesTheDispatcher() throws Exception {
    List<String> xml = Snippets.blocks(PAGE, "xml");
    assertFalse(xml.isEmpty(), PAGE + " has no ```xml block");
    String snippet = String.join("\n", xml);
    String compilerVersion = pinnedVersion("maven-compiler-plugin");
    assertTrue(
        snippet.contains("<version>" + compilerVersion + "</version>"),
        "the page's maven-compiler-plugin should be pinned to "
            + compilerVersion
            + ", the version the parent pom builds with (and so the one CI has downloaded)");

    deleteRecursively(WORK);
    Path user = Files.createDirectories(WORK.resolve("user"));
    // An empty .mvn keeps the child from taking this repository's .mvn (found by walking up).
    Files.createDirectories(user.resolve(".mvn"));
    Files.writeString(harnessParent(), harnessParentPom(pinnedVersion("maven-resources-plugin")));
    Files.writeString(user.resolve("pom.xml"), userPom(snippet));
    Path source = Files.createDirectories(user.resolve("src/main/java/com/example/hello"));
    Files.writeString(
        source.resolve("Hello.java"),
        String.join(
            "\n",
            "package com.example.hello;",
            "",
            "import dev.wsengine.OnMessage;",
            "",
            "public final class Hello {",
            "  @OnMessage",
            "  String received(String text) {",
            "    return text;",
            "  }",
            "}",
            ""));
    Path settings = WORK.resolve("settings.xml");
    Files.writeString(
        settings, settings(Path.of(property("wsengine.snippet.thirdPartyRepository"))));

    Path log = WORK.resolve("build.log");
    Path mvn = Path.of(property("maven.home"), "bin", isWindows() ? "mvn.cmd" : "mvn");
    Process child =
        new ProcessBuilder(
                mvn.toString(),
                "-B",
                "-o",
                // Offline, except for the file:// mirror.
                "-Daether.offline.protocols=file",
                "-s",
                settings.toString(),
                "-Dmaven.repo.local="
                    + Path.of(property("wsengine.snippet.repository")).toAbsolutePath(),
                "compile")
            .directory(user.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      fail("the child Maven build took more than 5 minutes; its output:\n" + tail(log));
    }
    assertEquals(
        0,
        child.exitValue(),
        "the child Maven build (" + user + ") failed; its output:\n" + tail(log));

    Path classes = user.resolve("target/classes/com/example/hello");
    assertTrue(
        Files.isRegularFile(classes.resolve("Hello_Dispatcher.class")),
        "the processor did not run: no Hello_Dispatcher.class in "
            + classes
            + "; the child's output:\n"
            + tail(log));
    assertEquals(
        61,
        classFileMajorVersion(classes.resolve("Hello.class")),
        "Hello.class should be Java 17 bytecode");
  }

  private static Path harnessParent() throws IOException {
    return Files.createDirectories(WORK.resolve("harness")).resolve("pom.xml");
  }

  /**
   * The page's XML, with coordinates around it. The parent it names pins only the resources plugin,
   * which the snippet is not about, to the version this build has downloaded: otherwise Maven's
   * default (2.6 under Maven 3.8) would have to come from the network.
   */
  private static String userPom(String snippet) {
    return String.join(
        "\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
        "<modelVersion>4.0.0</modelVersion>",
        "<parent>",
        "  <groupId>com.example</groupId>",
        "  <artifactId>snippet-harness</artifactId>",
        "  <version>1</version>",
        "  <relativePath>../harness/pom.xml</relativePath>",
        "</parent>",
        "<artifactId>hello</artifactId>",
        "",
        "<!-- From " + MODULE.getParent().relativize(PAGE) + " -->",
        snippet,
        "</project>",
        "");
  }

  private static String harnessParentPom(String resourcesVersion) {
    return String.join(
        "\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
        "  <modelVersion>4.0.0</modelVersion>",
        "  <groupId>com.example</groupId>",
        "  <artifactId>snippet-harness</artifactId>",
        "  <version>1</version>",
        "  <packaging>pom</packaging>",
        "  <build>",
        "    <pluginManagement>",
        "      <plugins>",
        "        <plugin>",
        "          <groupId>org.apache.maven.plugins</groupId>",
        "          <artifactId>maven-resources-plugin</artifactId>",
        "          <version>" + resourcesVersion + "</version>",
        "        </plugin>",
        "      </plugins>",
        "    </pluginManagement>",
        "  </build>",
        "</project>",
        "");
  }

  /**
   * Every repository the child asks, Central included, is this build's local repository. Central is
   * redeclared to say what its default already says, no snapshots (so no wsengine snapshot comes
   * from there), and to ignore checksums, which a local repository does not keep.
   */
  private static String settings(Path thirdPartyRepository) {
    String url = thirdPartyRepository.toAbsolutePath().toUri().toString();
    String central =
        String.join(
            "\n",
            "          <id>central</id>",
            "          <url>" + url + "</url>",
            "          <releases><checksumPolicy>ignore</checksumPolicy></releases>",
            "          <snapshots><enabled>false</enabled></snapshots>");
    return String.join(
        "\n",
        "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">",
        "  <mirrors>",
        "    <mirror>",
        "      <id>this-build-local-repository</id>",
        "      <mirrorOf>*</mirrorOf>",
        "      <url>" + url + "</url>",
        "    </mirror>",
        "  </mirrors>",
        "  <profiles>",
        "    <profile>",
        "      <id>central-is-local</id>",
        "      <repositories>",
        "        <repository>",
        central,
        "        </repository>",
        "      </repositories>",
        "      <pluginRepositories>",
        "        <pluginRepository>",
        central,
        "        </pluginRepository>",
        "      </pluginRepositories>",
        "    </profile>",
        "  </profiles>",
        "  <activeProfiles><activeProfile>central-is-local</activeProfile></activeProfiles>",
        "</settings>",
        "");
  }

  /** The version the parent pom's pluginManagement pins for {@code artifactId}. */
  private static String pinnedVersion(String artifactId) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element root =
        factory
            .newDocumentBuilder()
            .parse(MODULE.getParent().resolve("pom.xml").toFile())
            .getDocumentElement();
    NodeList plugins = root.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (artifactId.equals(child(plugin, "artifactId")) && child(plugin, "version") != null) {
        return child(plugin, "version");
      }
    }
    throw new AssertionError("the parent pom pins no version of " + artifactId);
  }

  private static String child(Element parent, String name) {
    for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element.getTextContent().strip();
      }
    }
    return null;
  }

  private static int classFileMajorVersion(Path classFile) throws IOException {
    try (InputStream in = Files.newInputStream(classFile)) {
      byte[] header = in.readNBytes(8);
      return ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      throw new AssertionError(
          "system property "
              + name
              + " is not set (got "
              + value
              + "); the docs module's"
              + " pom passes it to failsafe: run this test through Maven");
    }
    return value;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name").startsWith("Windows");
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
