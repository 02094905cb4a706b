package io.nhiguard.core.policy;

import io.nhiguard.api.SafeText;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a URL's host is in an allow-list, on the parsed host (RFC 3986 through {@link
 * URI}), never on the URL text.
 *
 * <p>A URL is rejected as malformed (an evaluation error, so the call is denied) when: it has
 * white space, control characters or a backslash; it is not an absolute {@code http}/{@code
 * https} URL with a host; it carries userinfo ({@code user@host}, the Spring CVE-2024-22243
 * class); its host has an empty label, a percent-encoded octet, a zone id or is not a valid IDN;
 * or its host ends in a number but is not a canonical dotted-quad IPv4 address (hexadecimal,
 * octal, short and single-integer forms such as {@code 0x7f.1} or {@code 2130706433} are
 * ambiguous between parsers and never accepted).
 *
 * <p>Host names are compared after folding ASCII case, removing one trailing dot and converting
 * internationalized names to their A-label form ({@link IDN#toASCII}), so a homograph such as a
 * Cyrillic {@code а} compares as {@code xn--…} and never equals the Latin name. An allow-list
 * entry is an exact host or {@code *.example.com}, which matches strict subdomains on a label
 * boundary and not the apex. IP literals match only an entry naming the same address; loopback,
 * private, link-local, unique-local and unspecified addresses (IPv4, IPv6 and IPv4-mapped IPv6)
 * are therefore denied unless named exactly. The port is not compared. DNS resolution is not
 * performed: a name that resolves to a private address is out of scope.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class UrlHostMatcher {

  private final List<String> entries;
  private final Set<String> exactHosts;
  private final List<String> suffixes;
  private final Set<InetAddress> addresses;

  private UrlHostMatcher(List<String> entries, Set<String> exactHosts, List<String> suffixes, Set<InetAddress> addresses) {
    this.entries = entries;
    this.exactHosts = exactHosts;
    this.suffixes = suffixes;
    this.addresses = addresses;
  }

  /**
   * Compiles an allow-list.
   *
   * @param entries exact hosts, IP literals or {@code *.domain} entries
   * @return the matcher
   * @throws IllegalArgumentException if an entry is malformed
   */
  static UrlHostMatcher of(List<String> entries) {
    Set<String> exact = new HashSet<>();
    List<String> suffixes = new ArrayList<>();
    Set<InetAddress> addresses = new HashSet<>();
    for (String entry : entries) {
      String raw = entry;
      boolean wildcard = raw.startsWith("*.");
      if (wildcard) {
        raw = raw.substring(2);
      }
      String host = stripBrackets(raw);
      HostForm form = canonicalHost(host);
      if (form.problem != null) {
        throw new IllegalArgumentException(
            "allow-list entry '" + SafeText.quote(entry) + "' " + form.problem
                + "; use an exact host, an IP literal or '*.domain'");
      }
      if (form.address != null) {
        if (wildcard) {
          throw new IllegalArgumentException(
              "allow-list entry '" + SafeText.quote(entry) + "' puts a wildcard on an IP address; name the address exactly");
        }
        addresses.add(form.address);
      } else if (wildcard) {
        suffixes.add("." + form.host);
      } else {
        exact.add(form.host);
      }
    }
    return new UrlHostMatcher(List.copyOf(entries), Set.copyOf(exact), List.copyOf(suffixes), Set.copyOf(addresses));
  }

  /** Returns the entries as written. */
  List<String> entries() {
    return entries;
  }

  /**
   * Decides one URL.
   *
   * @param url the URL text
   * @return null if the host is allowed, "" if it is not, else why the URL is malformed
   */
  String check(String url) {
    return check(parse(url));
  }

  /**
   * Decides one parsed URL.
   *
   * @param parsed the result of {@link #parse(String)}
   * @return null if the host is allowed, "" if it is not, else why the URL is malformed
   */
  String check(Object parsed) {
    if (parsed instanceof String) {
      return (String) parsed;
    }
    HostForm form = (HostForm) parsed;
    if (form.address != null) {
      return addresses.contains(form.address) ? null : "";
    }
    if (exactHosts.contains(form.host)) {
      return null;
    }
    for (String suffix : suffixes) {
      if (form.host.length() > suffix.length() && form.host.endsWith(suffix)) {
        return null;
      }
    }
    return "";
  }

  /**
   * Parses a URL once, independent of any allow-list.
   *
   * @param url the URL text
   * @return the canonical host form, or a String saying why the URL is malformed
   */
  static Object parse(String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c == '\\' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "the URL contains white space, a control character or a backslash";
      }
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "the URL is not a valid URI (RFC 3986)";
    }
    String scheme = uri.getScheme();
    if (scheme == null || uri.isOpaque()) {
      return "the URL is not absolute";
    }
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    if (!lowerScheme.equals("https") && !lowerScheme.equals("http")) {
      return "the URL scheme is not http or https";
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      return "the URL has no host";
    }
    if (uri.getRawUserInfo() != null || authority.indexOf('@') >= 0) {
      return "the URL carries userinfo (user@host), which is rejected";
    }
    String host = uri.getHost();
    if (host == null) {
      // Registry-based authority: java.net.URI did not recognise a server name (for example an
      // internationalized name). Take the host part by hand, rejecting anything unusual.
      host = authority;
      if (host.startsWith("[")) {
        return "the URL's IPv6 host is malformed";
      }
      int colon = host.lastIndexOf(':');
      if (colon >= 0) {
        String port = host.substring(colon + 1);
        if (!port.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          return "the URL's port is malformed";
        }
        host = host.substring(0, colon);
      }
    }
    HostForm form = canonicalHost(stripBrackets(host));
    if (form.problem != null) {
      return "the URL's host " + form.problem;
    }
    return form;
  }

  private static String stripBrackets(String host) {
    if (host.length() >= 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }

  private static final class HostForm {
    final String host;
    final InetAddress address;
    final String problem;

    HostForm(String host, InetAddress address, String problem) {
      this.host = host;
      this.address = address;
      this.problem = problem;
    }
  }

  private static HostForm problem(String message) {
    return new HostForm(null, null, message);
  }

  private static HostForm canonicalHost(String host) {
    if (host.isEmpty()) {
      return problem("is empty");
    }
    if (host.indexOf('%') >= 0) {
      return problem("contains a percent sign (encoded octet or zone id)");
    }
    if (host.indexOf(':') >= 0) {
      return ipv6(host);
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (h.isEmpty()) {
      return problem("is empty");
    }
    String ascii = plainAscii(h);
    if (ascii == null) {
      try {
        ascii = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        return problem("is not a valid host name (IDNA)");
      }
    }
    if (ascii.isEmpty() || ascii.startsWith(".") || ascii.endsWith(".") || ascii.contains("..")) {
      return problem("has an empty label");
    }
    if (ascii.length() > 253) {
      return problem("is longer than 253 characters");
    }
    int lastDot = ascii.lastIndexOf('.');
    String last = ascii.substring(lastDot + 1);
    if (endsInNumber(last)) {
      return ipv4(ascii);
    }
    return new HostForm(ascii, null, null);
  }

  /**
   * Lower-cases a host made only of ASCII letters, digits, hyphens and dots whose labels are 1 to
   * 63 characters and neither start nor end with a hyphen (what {@link IDN#toASCII} with STD3
   * rules returns unchanged); returns null for anything else, which then goes through IDNA.
   */
  private static String plainAscii(String h) {
    int labelStart = 0;
    for (int i = 0; i <= h.length(); i++) {
      char c = i == h.length() ? '.' : h.charAt(i);
      if (c == '.') {
        int len = i - labelStart;
        if (len == 0 || len > 63 || h.charAt(labelStart) == '-' || h.charAt(i - 1) == '-') {
          return null;
        }
        if (len >= 4 && h.regionMatches(true, labelStart, "xn--", 0, 4)) {
          return null;
        }
        labelStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
        return null;
      }
    }
    return h.toLowerCase(Locale.ROOT);
  }

  // WHATWG URL: a host whose last label is numeric (decimal, or 0x-prefixed) is an IPv4 address.
  private static boolean endsInNumber(String label) {
    if (label.isEmpty()) {
      return false;
    }
    if (label.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return true;
    }
    return label.startsWith("0x") && label.substring(2).chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
  }

  private static HostForm ipv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return problem("is a non-canonical IPv4 form (use four dotted decimal octets)");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')
          || (p.length() > 1 && p.charAt(0) == '0')) {
        return problem("is a non-canonical IPv4 form (use four dotted decimal octets without leading zeros)");
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return problem("has an IPv4 octet above 255");
      }
      bytes[i] = (byte) v;
    }
    try {
      return new HostForm(host, InetAddress.getByAddress(bytes), null);
    } catch (UnknownHostException e) {
      return problem("is not an IPv4 address");
    }
  }

  private static HostForm ipv6(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        return problem("is not an IPv6 address");
      }
    }
    try {
      // Only hexadecimal digits, colons and dots reach here, so no name lookup can happen.
      InetAddress address = InetAddress.getByName("[" + host + "]");
      if (address instanceof Inet4Address) {
        // An IPv4-mapped IPv6 address: Java folds it to the IPv4 address, compare as such.
        return new HostForm(address.getHostAddress(), address, null);
      }
      byte[] b = address.getAddress();
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
        InetAddress v4 = InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        return new HostForm(v4.getHostAddress(), v4, null);
      }
      return new HostForm(address.getHostAddress(), address, null);
    } catch (UnknownHostException e) {
      return problem("is not an IPv6 address");
    }
  }

  @Override
  public String toString() {
    return "UrlHostMatcher" + entries;
  }
}
