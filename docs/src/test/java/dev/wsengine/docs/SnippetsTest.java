package dev.wsengine.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block in {@code docs/*.md} and the root {@code README.md} is a region of a
 * compiled source under {@code docs/src/test/java/dev/wsengine/docs/}, word for word; see {@link
 * Snippets} for the marker syntax.
 */
class SnippetsTest {
  /** Surefire runs in the module's directory, {@code docs/}. */
  private static final Path MODULE = Path.of("").toAbsolutePath();

  private static final Path REPOSITORY = MODULE.getParent();
  private static final Path SNIPPET_ROOT = MODULE.resolve("src/test/java/dev/wsengine/docs");

  @Test
  void everyJavaBlockOfTheDocsAndTheReadmeIsACompiledRegion() throws IOException {
    List<Path> markdown = new ArrayList<>();
    try (Stream<Path> files = Files.list(MODULE)) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(markdown::add);
    }
    markdown.add(REPOSITORY.resolve("README.md"));
    assertTrue(markdown.size() > 5, "found the Markdown files in " + MODULE + ": " + markdown);

    Snippets snippets = new Snippets(REPOSITORY, SNIPPET_ROOT);
    List<String> problems = new ArrayList<>();
    for (Path file : markdown) {
      problems.addAll(snippets.checkMarkdown(file));
    }
    problems.addAll(snippets.checkSources());
    assertTrue(
        problems.isEmpty(),
        problems.size() + " snippet problem(s):\n" + String.join("\n", problems));
  }

  // ------------------------------------------------------------------------------- the checker

  @TempDir Path dir;

  private List<String> check(String markdown, String source) throws IOException {
    Path root = Files.createDirectories(dir.resolve("snippets"));
    Files.writeString(root.resolve("Example.java"), source);
    Files.writeString(dir.resolve("page.md"), markdown);
    Snippets snippets = new Snippets(dir, root);
    List<String> problems = new ArrayList<>(snippets.checkMarkdown(dir.resolve("page.md")));
    problems.addAll(snippets.checkSources());
    return problems;
  }

  private static final String SOURCE =
      String.join(
          "\n",
          "class Example {",
          "  void run() {",
          "    // snippet:greet",
          "    System.out.println(\"hello\");",
          "    if (true) {",
          "      System.out.println(\"again\");",
          "    }",
          "    // end-snippet",
          "  }",
          "}");

  @Test
  void matchingBlockPassesWhateverItsIndentation() throws IOException {
    String markdown =
        String.join(
            "\n",
            "Text.",
            "",
            "<!-- snippet: Example.java#greet -->",
            "",
            "```java",
            "System.out.println(\"hello\");",
            "if (true) {",
            "  System.out.println(\"again\");",
            "}",
            "```");
    assertEquals(List.of(), check(markdown, SOURCE));
  }

  @Test
  void blockWithoutMarkerNamesFileAndLine() throws IOException {
    List<String> problems = check("Text.\n\n```java\nint x;\n```\n", "class Example {}");
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith("page.md:3: this ```java block has no snippet marker"),
        problems.get(0));
  }

  @Test
  void markerNamingAMissingFileSaysSo() throws IOException {
    List<String> problems =
        check(
            "<!-- snippet: Nope.java#greet -->\n```java\nint x;\n```\n",
            SOURCE.replace("// snippet:greet", "// snippet:other"));
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "page.md:1: snippet marker 'Nope.java#greet' names Nope.java, which is not a file under snippets/"),
        problems.get(0));
  }

  @Test
  void markerNamingAMissingRegionListsTheRegionsThere() throws IOException {
    List<String> problems =
        check("<!-- snippet: Example.java#greeting -->\n```java\nint x;\n```\n", SOURCE);
    assertEquals(
        "page.md:1: snippet marker 'Example.java#greeting' names region 'greeting', which"
            + " snippets/Example.java does not have (no '// snippet:greeting'); its regions: greet",
        problems.get(0));
  }

  @Test
  void differingBlockShowsExpectedAndActualLineAndTheRegion() throws IOException {
    String markdown =
        "<!-- snippet: Example.java#greet -->\n```java\nSystem.out.println(\"hello\");\nif (false) {\n```\n";
    List<String> problems = check(markdown, SOURCE);
    assertEquals(1, problems.size(), problems.toString());
    String problem = problems.get(0);
    assertTrue(
        problem.startsWith(
            "page.md:2: the ```java block differs from Example.java#greet (snippets/Example.java:3-8) at line 2"
                + " of the snippet:\n    expected (source):  'if (true) {'\n    actual (Markdown): 'if (false) {'"),
        problem);
    assertTrue(problem.contains("    |   System.out.println(\"again\");"), problem);
  }

  @Test
  void markerNotFollowedByAJavaBlockIsReported() throws IOException {
    List<String> problems = check("<!-- snippet: Example.java#greet -->\nSome text.\n", SOURCE);
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "page.md:1: snippet marker 'Example.java#greet' is not followed by a ```java block;"
                    + " the next line is 'Some text.'"),
        problems.get(0));
  }

  @Test
  void malformedMarkerIsReportedNotIgnored() throws IOException {
    List<String> problems = check("<!-- snippet Example.java greet -->\n", SOURCE);
    assertTrue(problems.get(0).startsWith("page.md:1: snippet marker must read"), problems.get(0));
  }

  @Test
  void markersInsideOtherFencedBlocksAreText() throws IOException {
    String markdown = "```markdown\n<!-- snippet: Example.java#greet -->\n```\n";
    List<String> problems = check(markdown, SOURCE);
    // Only the region is unused: the marker inside the block is an example, not a marker.
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems
            .get(0)
            .startsWith("snippets/Example.java:3: region 'greet' is shown by no Markdown file"));
  }

  @Test
  void unclosedAndMisnamedRegionsAreReportedWithTheirLines() throws IOException {
    String source =
        "class Example {\n  // snippet:a\n  // snippet:b\n  int x;\n  // end-snippet:a\n}\n";
    List<String> problems = check("No code here.\n", source);
    assertTrue(
        problems.contains(
            "snippets/Example.java:5: '// end-snippet:a' closes region 'b', opened at line 3"),
        problems.toString());
    assertTrue(
        problems.contains(
            "snippets/Example.java:2: region 'a' is never closed; end it with '// end-snippet'"),
        problems.toString());
  }

  @Test
  void nestedRegionsLeaveOutTheInnerMarkers() throws IOException {
    String source =
        "class Example {\n  // snippet:outer\n  int a;\n  // snippet:inner\n  int b;\n  // end-snippet\n  // end-snippet\n}\n";
    String markdown =
        "<!-- snippet: Example.java#outer -->\n```java\nint a;\nint b;\n```\n"
            + "<!-- snippet: Example.java#inner -->\n```java\nint b;\n```\n";
    assertEquals(List.of(), check(markdown, source));
  }
}
