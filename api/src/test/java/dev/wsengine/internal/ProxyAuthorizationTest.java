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
  void theCredentialsAreLeftAsTheyWereSoASecondCallGivesTheSame() {
    // As for every reconnect with the same options.
    PasswordAuthentication credentials =
        new PasswordAuthentication("Aladdin", "open sesame".toCharArray());

    String first = ProxyAuthorization.basic(credentials);

    assertEquals(first, ProxyAuthorization.basic(credentials));
    assertEquals("open sesame", new String(credentials.getPassword()));
  }

  @Test
  void textBeyondAsciiIsEncodedInUtf8() {
    // RFC 7617 section 2.1's example: "test" and "123£" with charset UTF-8.
    assertEquals(
        "Basic dGVzdDoxMjPCow==",
        ProxyAuthorization.basic(new PasswordAuthentication("test", "123\u00a3".toCharArray())));
  }
}
