package dev.wsengine.runtime.internal.engine;

import static com.google.common.truth.Truth.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrisTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ws://example.com/echo | ws://example.com/echo",
        "wss://example.com:8443/a/b | wss://example.com:8443/a/b",
        "ws://bob:pw@example.com/x | ws://REDACTED@example.com/x",
        "ws://example.com/x?token=abc&flag&k=v | ws://example.com/x?token=REDACTED&flag&k=REDACTED",
        "ws://example.com/x?a=1#frag | ws://example.com/x?a=REDACTED#REDACTED",
        "ws://[::1]:9/x | ws://[::1]:9/x",
        "ws://user:pw@my_host:9/x?q=1 | ws://REDACTED@my_host:9/x?q=REDACTED",
        "ws:///path | ws:///path",
        "ws://example.com | ws://example.com",
        "ws://example.com/p%20q?x=%41 | ws://example.com/p%20q?x=REDACTED",
      })
  void redactsUserInfoQueryValuesAndFragments(String uri, String expected) {
    assertThat(Uris.redact(URI.create(uri))).isEqualTo(expected);
  }
}
