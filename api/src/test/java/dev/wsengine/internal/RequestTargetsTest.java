package dev.wsengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestTargetsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ws://h/inject%0d%0aX-Injected:%20p | /inject%0d%0aX-Injected:%20p",
        "ws://h/a%2Fb%3Fc%25d | /a%2Fb%3Fc%25d",
        "ws://h/q?x=%41&y=%2541&z=a%20b | /q?x=%41&y=%2541&z=a%20b",
        "ws://h/a;p=1/b?c?d | /a;p=1/b?c?d",
        "ws://h | /",
        "ws://h?x=1 | /?x=1",
        "ws://h/? | /?",
      })
  void pathAndQueryAreSentAsWritten(String uri, String target) {
    assertEquals(target, RequestTargets.of(URI.create(uri)));
  }

  @Test
  void nonAsciiIsPercentEncodedInUtf8AsToAsciiStringDoes() {
    URI uri = URI.create("ws://h/é€\uD83D\uDE00%C3%A9?q=č");

    assertEquals("/%C3%A9%E2%82%AC%F0%9F%98%80%C3%A9?q=%C4%8D", RequestTargets.of(uri));
    assertEquals("ws://h" + RequestTargets.of(uri), uri.toASCIIString());
  }

  @Test
  void pathWithAControlCharacterIsRefusedNamingCharacterAndIndex() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RequestTargets.of("/ab\r\n", null));

    assertEquals(
        "uri path must not hold unencoded control or space characters; it has U+000D at index 3",
        e.getMessage());
  }

  @Test
  void queryWithAControlCharacterIsRefusedWithoutShowingTheQuery() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RequestTargets.of("/", "token=s3cret\u0085"));

    assertEquals(
        "uri query must not hold unencoded control or space characters; it has U+0085 at index 12",
        e.getMessage());
  }

  @Test
  void unpairedSurrogateIsRefusedNamingIt() throws Exception {
    URI uri = new URI("ws", "//h/a\uD800b?token=s3cret\uDC00", null);

    IllegalArgumentException path =
        assertThrows(IllegalArgumentException.class, () -> RequestTargets.of(uri));
    IllegalArgumentException query =
        assertThrows(
            IllegalArgumentException.class, () -> RequestTargets.of("/", uri.getRawQuery()));

    assertEquals(
        "uri path must be valid UTF-16; it has the unpaired surrogate U+D800 at index 2",
        path.getMessage());
    assertEquals(
        "uri query must be valid UTF-16; it has the unpaired surrogate U+DC00 at index 12",
        query.getMessage());
    assertFalse(query.getMessage().contains("s3cret"));
  }
}
