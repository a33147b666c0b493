package dev.wsengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.PasswordAuthentication;
import org.junit.jupiter.api.Test;

class ProxyAuthorizationTest {
  @Test
  void basicIsBase64OfUserColonPassword() {
    // RFC 7617 section 2's example.
    assertEquals(
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        ProxyAuthorization.basic(
            new PasswordAuthentication("Aladdin", "open sesame".toCharArray())));
  }

  @Test
  void textBeyondAsciiIsEncodedInUtf8() {
    // RFC 7617 section 2.1's example: "test" and "123£" with charset UTF-8.
    assertEquals(
        "Basic dGVzdDoxMjPCow==",
        ProxyAuthorization.basic(new PasswordAuthentication("test", "123\u00a3".toCharArray())));
  }
}
