package dev.wsengine.internal;

import java.util.Objects;

/**
 * A type as a front end (javac or reflection) sees it: the canonical name the rules match on, and
 * the short name errors show. Not API.
 */
public final class TypeRef {
  private final String canonicalName;
  private final String displayName;

  private TypeRef(String canonicalName, String displayName) {
    this.canonicalName = canonicalName;
    this.displayName = displayName;
  }

  /**
   * A type named the way {@link Class#getCanonicalName()} and javac's qualified names agree on:
   * {@code java.lang.String}, {@code byte[]}, {@code java.util.List<java.lang.String>}, {@code
   * int}. The display name drops the package qualifiers: {@code List<String>}.
   */
  public static TypeRef of(String canonicalName) {
    return new TypeRef(canonicalName, simplify(canonicalName));
  }

  /** Drops package qualifiers: lower-case dotted prefixes, as in the usual naming convention. */
  static String simplify(String name) {
    StringBuilder out = new StringBuilder(name.length());
    int segmentStart = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        String segment = name.substring(segmentStart, i);
        if (!segment.isEmpty() && Character.isLowerCase(segment.charAt(0))) {
          // a package name: skip it and its dot
          segmentStart = i + 1;
          continue;
        }
        out.append(segment).append('.');
        segmentStart = i + 1;
      } else if (!Character.isJavaIdentifierPart(c)) {
        out.append(name, segmentStart, i).append(c);
        segmentStart = i + 1;
      }
    }
    return out.append(name.substring(segmentStart)).toString();
  }

  public String canonicalName() {
    return canonicalName;
  }

  public String displayName() {
    return displayName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TypeRef that && that.canonicalName.equals(canonicalName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(canonicalName);
  }

  @Override
  public String toString() {
    return canonicalName;
  }
}
