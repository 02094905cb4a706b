package io.nhiguard.core.policy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Containment of a POSIX path inside a root, decided on normalized path components, never on a
 * string prefix.
 *
 * <p>Normalization follows POSIX pathname resolution without touching the file system (the same
 * result as {@code java.nio.file.Path.of(p).normalize()} on a POSIX file system): empty
 * components ({@code //}) and {@code .} are dropped, {@code ..} removes the previous component.
 * Rejected as malformed (an evaluation error, so the call is denied): relative paths, a {@code ..}
 * that climbs above {@code /}, NUL and other control characters, backslashes (a separator on
 * Windows tools) and percent-encoded octets (a tool that decodes them would see a different path).
 * A path whose Unicode NFKC form differs (full-width dots and solidi, look-alike letters) is an
 * error too, and so is a path whose containment changes when letter case is ignored (a
 * case-insensitive file system would read another file): both deny in permit and forbid rules
 * alike, so neither can be used to slip past a forbidden sub-tree.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class PathContainment {

  private final String root;
  private final List<String> rootComponents;

  private PathContainment(String root, List<String> rootComponents) {
    this.root = root;
    this.rootComponents = rootComponents;
  }

  /**
   * Compiles a root.
   *
   * @param root an absolute POSIX path
   * @return the matcher
   * @throws IllegalArgumentException if the root is malformed
   */
  static PathContainment of(String root) {
    String problem = problem(root);
    if (problem != null) {
      throw new IllegalArgumentException("path root " + quote(root) + " " + problem + "; use an absolute POSIX path such as /data");
    }
    List<String> components = components(root);
    if (components == null) {
      throw new IllegalArgumentException("path root " + quote(root) + " climbs above '/'; use an absolute POSIX path such as /data");
    }
    return new PathContainment(root, List.copyOf(components));
  }

  /** Returns the root as written. */
  String root() {
    return root;
  }

  /**
   * Decides containment.
   *
   * @param path the candidate path
   * @return null if contained, "" if not contained, otherwise a message why the path is malformed
   */
  String check(String path) {
    String problem = problem(path);
    if (problem != null) {
      return "the path " + problem;
    }
    List<String> components = components(path);
    if (components == null) {
      return "the path climbs above '/' with '..'";
    }
    if (!Normalizer.normalize(path, Normalizer.Form.NFKC).equals(path)) {
      return "has characters whose compatibility (NFKC) form differs (full-width or look-alike dots,"
          + " solidi or letters); a tool that folds them would read another path";
    }
    boolean contained = startsWith(components, rootComponents);
    if (contained != startsWith(lower(components), lower(rootComponents))) {
      return "is inside the root only when letter case is "
          + (contained ? "respected" : "ignored")
          + "; a case-insensitive file system would read another path";
    }
    return contained ? null : "";
  }

  private static List<String> lower(List<String> components) {
    List<String> out = new ArrayList<>(components.size());
    for (String c : components) {
      out.add(c.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** Returns the normalized form of an absolute path, or null when malformed. */
  static String normalize(String path) {
    if (problem(path) != null) {
      return null;
    }
    List<String> components = components(path);
    return components == null ? null : "/" + String.join("/", components);
  }

  private static boolean startsWith(List<String> path, List<String> prefix) {
    if (path.size() < prefix.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (!path.get(i).equals(prefix.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String problem(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return "is not absolute";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
        return "contains a control character";
      }
      if (c == '\\') {
        return "contains a backslash";
      }
      if (c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))) {
        return "contains a percent-encoded octet";
      }
    }
    return null;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static List<String> components(String path) {
    List<String> out = new ArrayList<>();
    int start = 1;
    int n = path.length();
    while (start <= n) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? n : slash;
      String segment = path.substring(start, end);
      if (segment.equals("..")) {
        if (out.isEmpty()) {
          return null;
        }
        out.remove(out.size() - 1);
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        out.add(segment);
      }
      start = end + 1;
    }
    return out;
  }

  private static String quote(String s) {
    return "'" + io.nhiguard.api.SafeText.quote(s) + "'";
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "PathContainment[%s]", io.nhiguard.api.SafeText.quote(root));
  }
}
