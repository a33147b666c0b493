package dev.wsengine.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that every {@code ```java} block of some Markdown files is a region of a compiled source.
 *
 * <p>In Markdown, the line before the block (blank lines between are allowed) names the region:
 *
 * <pre>
 * &lt;!-- snippet: start/EchoClient.java#handler --&gt;
 * ```java
 * ...
 * ```
 * </pre>
 *
 * <p>The path is relative to the snippet root ({@code docs/src/test/java/dev/wsengine/docs/}). In
 * that file the region is the lines between {@code // snippet:handler} and {@code // end-snippet}
 * (or {@code // end-snippet:handler}); regions may nest, and marker lines of inner regions are left
 * out of outer ones. The block must equal the region, line for line, after both lose their common
 * indentation, trailing spaces, and leading and trailing blank lines.
 *
 * <p>Every problem is reported, each starting with {@code file:line:}, so one run lists them all.
 */
final class Snippets {
  static final Pattern MARKER =
      Pattern.compile("^\\s*<!--\\s*snippet:\\s*(\\S+?)#(\\S+)\\s*-->\\s*$");

  /** A marker-like comment that does not parse: reported, not ignored. */
  static final Pattern MARKER_LIKE = Pattern.compile("^\\s*<!--\\s*snippet\\b.*$");

  static final Pattern REGION_START = Pattern.compile("^\\s*//\\s*snippet:\\s*(\\S+)\\s*$");
  static final Pattern REGION_END = Pattern.compile("^\\s*//\\s*end-snippet(?::\\s*(\\S+))?\\s*$");
  private static final Pattern FENCE_OPEN =
      Pattern.compile("^( {0,3})(`{3,}|~{3,})\\s*([^\\s`]*).*$");

  private final Path repositoryRoot;
  private final Path snippetRoot;
  private final Map<Path, SourceFile> sources = new LinkedHashMap<>();
  private final Set<String> used = new LinkedHashSet<>();

  /**
   * @param repositoryRoot paths in messages are shown relative to it
   * @param snippetRoot where the paths in markers are resolved
   */
  Snippets(Path repositoryRoot, Path snippetRoot) {
    this.repositoryRoot = repositoryRoot.toAbsolutePath().normalize();
    this.snippetRoot = snippetRoot.toAbsolutePath().normalize();
  }

  /** The problems of {@code markdown}: unmarked java blocks, bad markers, blocks that differ. */
  List<String> checkMarkdown(Path markdown) {
    List<String> problems = new ArrayList<>();
    List<String> lines = readLines(markdown);
    String where = show(markdown);
    Marker pending = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher fence = FENCE_OPEN.matcher(line);
      if (fence.matches()) {
        int close = closingFence(lines, i, fence.group(2));
        boolean java = fence.group(3).equalsIgnoreCase("java");
        if (close < 0) {
          problems.add(
              where
                  + ":"
                  + (i + 1)
                  + ": this "
                  + fence.group(2)
                  + fence.group(3)
                  + " block is never closed; close it with "
                  + fence.group(2));
          return problems;
        }
        if (java) {
          List<String> block = lines.subList(i + 1, close);
          if (pending == null) {
            problems.add(
                where
                    + ":"
                    + (i + 1)
                    + ": this ```java block has no snippet marker; put"
                    + " '<!-- snippet: path/File.java#region -->' on the line before it, naming a region of a"
                    + " source under "
                    + show(snippetRoot)
                    + "/");
          } else {
            compare(where, i + 1, pending, block).ifPresent(problems::add);
          }
        } else if (pending != null) {
          problems.add(
              pending.where
                  + ": snippet marker "
                  + pending.text()
                  + " is followed by a ```"
                  + fence.group(3)
                  + " block; it must be followed by a ```java block");
        }
        pending = null;
        i = close;
        continue;
      }
      Matcher marker = MARKER.matcher(line);
      if (marker.matches()) {
        if (pending != null) {
          problems.add(
              pending.where
                  + ": snippet marker "
                  + pending.text()
                  + " is not followed by a ```java block (another marker comes first, at line "
                  + (i + 1)
                  + ")");
        }
        pending = new Marker(where + ":" + (i + 1), marker.group(1), marker.group(2));
      } else if (MARKER_LIKE.matcher(line).matches()) {
        problems.add(
            where
                + ":"
                + (i + 1)
                + ": snippet marker must read '<!-- snippet: path/File.java#region -->';"
                + " got '"
                + line.strip()
                + "'");
      } else if (pending != null && !line.isBlank()) {
        problems.add(
            pending.where
                + ": snippet marker "
                + pending.text()
                + " is not followed by a ```java block; the next line is '"
                + abbreviate(line.strip())
                + "'");
        pending = null;
      }
    }
    if (pending != null) {
      problems.add(
          pending.where
              + ": snippet marker "
              + pending.text()
              + " is not followed by a ```java block; the file ends first");
    }
    return problems;
  }

  /** Problems in the sources themselves (unclosed regions...) and regions no marker used. */
  List<String> checkSources() {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.walk(snippetRoot)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        SourceFile source = source(file);
        problems.addAll(source.problems);
        for (Region region : source.regions.values()) {
          if (!used.contains(key(file, region.name))) {
            problems.add(
                show(file)
                    + ":"
                    + region.startLine
                    + ": region '"
                    + region.name
                    + "' is shown by no Markdown file; show it (<!-- snippet: "
                    + relative(file)
                    + "#"
                    + region.name
                    + " -->) or remove its markers");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return problems;
  }

  private java.util.Optional<String> compare(
      String where, int fenceLine, Marker marker, List<String> block) {
    Path file = snippetRoot.resolve(marker.path).normalize();
    if (!file.startsWith(snippetRoot) || !Files.isRegularFile(file)) {
      return java.util.Optional.of(
          marker.where
              + ": snippet marker "
              + marker.text()
              + " names "
              + marker.path
              + ", which is not a file under "
              + show(snippetRoot)
              + "/");
    }
    SourceFile source = source(file);
    Region region = source.regions.get(marker.region);
    if (region == null) {
      return java.util.Optional.of(
          marker.where
              + ": snippet marker "
              + marker.text()
              + " names region '"
              + marker.region
              + "', which "
              + show(file)
              + " does not have (no '// snippet:"
              + marker.region
              + "'); its regions: "
              + (source.regions.isEmpty() ? "none" : String.join(", ", source.regions.keySet())));
    }
    used.add(key(file, region.name));
    List<String> expected = normalize(region.lines);
    List<String> actual = normalize(block);
    if (expected.equals(actual)) {
      return java.util.Optional.empty();
    }
    int at = 0;
    while (at < expected.size() && at < actual.size() && expected.get(at).equals(actual.get(at))) {
      at++;
    }
    String want = at < expected.size() ? "'" + expected.get(at) + "'" : "(the region ends)";
    String got = at < actual.size() ? "'" + actual.get(at) + "'" : "(the block ends)";
    return java.util.Optional.of(
        where
            + ":"
            + fenceLine
            + ": the ```java block differs from "
            + marker.path
            + "#"
            + marker.region
            + " ("
            + show(file)
            + ":"
            + region.startLine
            + "-"
            + region.endLine
            + ") at line "
            + (at + 1)
            + " of the snippet:\n    expected (source):  "
            + want
            + "\n    actual (Markdown): "
            + got
            + "\n  the region, as the block should read:\n"
            + expected.stream().map(l -> "    | " + l).collect(Collectors.joining("\n")));
  }

  private SourceFile source(Path file) {
    return sources.computeIfAbsent(file, f -> SourceFile.parse(show(f), readLines(f)));
  }

  private String key(Path file, String region) {
    return file + "#" + region;
  }

  private String show(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(repositoryRoot)
        ? repositoryRoot.relativize(absolute).toString()
        : absolute.toString();
  }

  private String relative(Path file) {
    return snippetRoot.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /** Index of the line closing the fence opened at {@code open}, or -1. */
  /**
   * The text of every fenced block of {@code markdown} whose info string is {@code language}, in
   * order, each without its fences: how a test takes a page's non-Java snippets (the Maven XML) as
   * the page shows them.
   */
  static List<String> blocks(Path markdown, String language) {
    List<String> lines = readLines(markdown);
    List<String> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE_OPEN.matcher(lines.get(i));
      if (fence.matches()) {
        int close = closingFence(lines, i, fence.group(2));
        if (close < 0) {
          throw new IllegalArgumentException(
              markdown + ":" + (i + 1) + ": this block is never closed");
        }
        if (fence.group(3).equalsIgnoreCase(language)) {
          blocks.add(String.join("\n", lines.subList(i + 1, close)) + "\n");
        }
        i = close;
      }
    }
    return blocks;
  }

  private static int closingFence(List<String> lines, int open, String fence) {
    Pattern closing =
        Pattern.compile(
            "^ {0,3}" + Pattern.quote(fence.substring(0, 1)) + "{" + fence.length() + ",}\\s*$");
    for (int j = open + 1; j < lines.size(); j++) {
      if (closing.matcher(lines.get(j)).matches()) {
        return j;
      }
    }
    return -1;
  }

  /** Trailing spaces, leading and trailing blank lines, and the common indentation removed. */
  static List<String> normalize(List<String> lines) {
    List<String> out = new ArrayList<>();
    lines.forEach(l -> out.add(l.stripTrailing()));
    while (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    int indent =
        out.stream().filter(l -> !l.isEmpty()).mapToInt(Snippets::indentation).min().orElse(0);
    out.replaceAll(l -> l.isEmpty() ? l : l.substring(indent));
    return out;
  }

  private static int indentation(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private record Marker(String where, String path, String region) {
    String text() {
      return "'" + path + "#" + region + "'";
    }
  }

  private record Region(String name, int startLine, int endLine, List<String> lines) {}

  /** One source file's regions, and what is wrong with its region markers. */
  private static final class SourceFile {
    final Map<String, Region> regions = new TreeMap<>();
    final List<String> problems = new ArrayList<>();

    static SourceFile parse(String where, List<String> lines) {
      SourceFile source = new SourceFile();
      record Open(String name, int line, List<String> lines) {}
      List<Open> open = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher start = REGION_START.matcher(line);
        Matcher end = REGION_END.matcher(line);
        if (start.matches()) {
          open.add(new Open(start.group(1), i + 1, new ArrayList<>()));
        } else if (end.matches()) {
          if (open.isEmpty()) {
            source.problems.add(where + ":" + (i + 1) + ": '// end-snippet' closes no region");
            continue;
          }
          Open closing = open.remove(open.size() - 1);
          if (end.group(1) != null && !end.group(1).equals(closing.name)) {
            source.problems.add(
                where
                    + ":"
                    + (i + 1)
                    + ": '// end-snippet:"
                    + end.group(1)
                    + "' closes region '"
                    + closing.name
                    + "', opened at line "
                    + closing.line);
          }
          Region region = new Region(closing.name, closing.line, i + 1, closing.lines);
          if (source.regions.putIfAbsent(closing.name, region) != null) {
            source.problems.add(
                where
                    + ":"
                    + closing.line
                    + ": region '"
                    + closing.name
                    + "' is defined twice; the first is at line "
                    + source.regions.get(closing.name).startLine);
          }
        } else {
          open.forEach(o -> o.lines.add(line));
        }
      }
      for (Open unclosed : open) {
        source.problems.add(
            where
                + ":"
                + unclosed.line
                + ": region '"
                + unclosed.name
                + "' is never closed; end it with '// end-snippet'");
      }
      return source;
    }
  }
}
