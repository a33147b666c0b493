package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.jdk.internal.Clients;
import dev.wsengine.testing.Await;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HttpClients the transport makes: shared, and kept a moment for a reconnect. */
class ClientsTest {
  private final Clients clients = new Clients(null);

  @Test
  void aConnectionRightAfterTheLastOneEndedTakesTheSameClient() throws Exception {
    Clients.Lease first = clients.acquire(Optional.empty(), true, Optional.empty());
    HttpClient client = first.client();
    first.release();
    first.release(); // once only

    Clients.Lease again = clients.acquire(Optional.empty(), true, Optional.empty());

    assertThat(again.client()).isSameInstanceAs(client);
    assertThat(clients.inUse()).isEqualTo(1);
    again.release();
  }

  @Test
  void aClientNobodyTakesAgainIsLetGoAfterTheLinger() throws Exception {
    Clients.Lease lease = clients.acquire(Optional.empty(), true, Optional.empty());
    lease.release();

    assertThat(clients.inUse()).isEqualTo(0);
    assertThat(clients.held()).isEqualTo(1);
    Await.until(() -> clients.held() == 0, Duration.ofSeconds(10), "the linger to end");
  }
}
