package dev.wsengine.benchmarks.e2e;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

/**
 * The reference: a plain Tyrus client on its Grizzly container, as a user would write one, with a
 * {@code MessageHandler.Whole<String>} calling the behaviour on Tyrus's thread, and Tyrus's idle
 * timer off (as the transport has it). With {@code reconnect}, it re-dials by hand when the server
 * closes, on a thread of its own (Tyrus's own thread must not block on a connect).
 */
final class RawTyrusContender implements Contender {
  private final boolean reconnect;

  RawTyrusContender(boolean reconnect) {
    this.reconnect = reconnect;
  }

  @Override
  public String name() {
    return reconnect ? "raw Tyrus, re-dial in onClose" : "raw Tyrus";
  }

  @Override
  public Client connect(URI uri, Behaviour behaviour) throws Exception {
    ClientManager client = ClientManager.createClient(GrizzlyClientContainer.class.getName());
    client.setDefaultMaxSessionIdleTimeout(-1);
    ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
    AtomicBoolean closing = new AtomicBoolean();
    Session[] current = new Session[1];
    Endpoint endpoint =
        new Endpoint() {
          @Override
          public void onOpen(Session session, EndpointConfig endpointConfig) {
            session.setMaxIdleTimeout(-1);
            session.addMessageHandler(
                String.class,
                (MessageHandler.Whole<String>)
                    text -> {
                      String reply = behaviour.onText(text);
                      if (reply != null) {
                        try {
                          session.getBasicRemote().sendText(reply);
                        } catch (IOException e) {
                          throw new UncheckedIOException(e);
                        }
                      }
                    });
            boolean reopened;
            synchronized (current) {
              reopened = current[0] != null;
              current[0] = session;
            }
            if (reopened) {
              behaviour.reopened();
            }
          }

          @Override
          public void onClose(Session session, CloseReason closeReason) {
            behaviour.closed();
            if (reconnect && !closing.get()) {
              Endpoint self = this;
              Thread redial =
                  new Thread(
                      () -> {
                        try {
                          client.connectToServer(self, config, uri);
                        } catch (Exception e) {
                          System.err.println("raw Tyrus re-dial failed: " + e);
                        }
                      },
                      "raw-tyrus-redial");
              redial.setDaemon(true);
              redial.start();
            }
          }
        };
    client.connectToServer(endpoint, config, uri);
    return new Client() {
      @Override
      public void send(String text) throws IOException {
        Session session;
        synchronized (current) {
          session = current[0];
        }
        session.getBasicRemote().sendText(text);
      }

      @Override
      public void close() throws IOException {
        closing.set(true);
        Session session;
        synchronized (current) {
          session = current[0];
        }
        session.close();
        client.shutdown();
      }
    };
  }
}
