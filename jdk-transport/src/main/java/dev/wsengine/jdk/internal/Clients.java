package dev.wsengine.jdk.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The {@link HttpClient}s a transport made itself, one per distinct TLS context and proxy, shared
 * by the connections that use the same ones, so that they share one selector thread. A client lives
 * while a connection uses it and for {@link #LINGER} after: the first {@link #acquire} makes it, a
 * connection made within {@link #LINGER} of the last {@link Lease#release} (an engine's reconnect)
 * takes it again, and after that it is dropped; its selector thread ends once the client is
 * unreachable and collected (it is not closed: on Java 21 and newer {@code close()} would wait for
 * every closing handshake to end). Its executor is not shut down: the JDK may still finish a
 * closing handshake on it after the last connection ended. Its threads end after {@link
 * #IDLE_SECONDS} without work instead.
 *
 * <p>Threads: any; {@link #lock} guards the map.
 */
public final class Clients {
  /** Prefix of the names of the executor threads of the clients made here. */
  public static final String THREAD_PREFIX = "wsengine-jdk-";

  /**
   * How long a client no connection uses is kept for the next one. Making a client starts a
   * selector thread and sets up its executor; a reconnect within this time skips that.
   */
  static final Duration LINGER = Duration.ofSeconds(2);

  /** How long an executor thread of a client made here lives without work. */
  static final long IDLE_SECONDS = 1;

  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

  private final Object lock = new Object();
  private final Executor userExecutor;

  @GuardedBy("lock")
  private final Map<Key, Shared> clients = new HashMap<>();

  /**
   * @param userExecutor the executor for the clients made here, or null for one of their own per
   *     client, whose threads end when idle
   */
  public Clients(Executor userExecutor) {
    this.userExecutor = userExecutor;
  }

  /** What makes two clients different. */
  private record Key(SSLContext sslContext, boolean hostnameVerification, ProxySelector proxy) {}

  private static final class Shared {
    final HttpClient client;

    /** Connections using the client; 0 while it lingers. Guarded by the Clients' lock. */
    int users;

    /** Counts the times {@link #users} fell to 0, so that only the latest linger drops it. */
    long idleSpells;

    Shared(HttpClient client) {
      this.client = client;
    }
  }

  /** A client in use; release it once, when the connection has ended. */
  public interface Lease {
    HttpClient client();

    void release();
  }

  /**
   * A client for these settings, made if none is in use. With host name verification off, its TLS
   * context (the JDK's default if none is given) is wrapped by {@link NoHostnameCheck}.
   */
  public Lease acquire(
      Optional<SSLContext> sslContext, boolean hostnameVerification, Optional<ProxySelector> proxy)
      throws IOException {
    SSLContext tls = sslContext.orElse(null);
    if (!hostnameVerification && tls == null) {
      try {
        tls = SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("the JDK has no default TLS context", e);
      }
    }
    Key key = new Key(tls, hostnameVerification, proxy.orElse(null));
    Shared shared;
    synchronized (lock) {
      shared = clients.get(key);
      if (shared == null) {
        shared = make(key);
        clients.put(key, shared);
      }
      shared.users++;
    }
    Shared leased = shared;
    return new Lease() {
      private final AtomicInteger released = new AtomicInteger();

      @Override
      public HttpClient client() {
        return leased.client;
      }

      @Override
      public void release() {
        if (released.getAndIncrement() == 0) {
          give(key, leased);
        }
      }
    };
  }

  /** How many clients connections use now, not counting those that linger (for tests). */
  public int inUse() {
    synchronized (lock) {
      return (int) clients.values().stream().filter(shared -> shared.users > 0).count();
    }
  }

  /** How many clients are kept, lingering ones included (for tests). */
  public int held() {
    synchronized (lock) {
      return clients.size();
    }
  }

  private void give(Key key, Shared shared) {
    long spell;
    synchronized (lock) {
      if (--shared.users > 0) {
        return;
      }
      spell = ++shared.idleSpells;
    }
    // On the JDK's delay scheduler itself: its default, the common pool, is a new thread per task
    // where the pool's parallelism is 1 (2 cores).
    CompletableFuture.delayedExecutor(LINGER.toNanos(), TimeUnit.NANOSECONDS, Runnable::run)
        .execute(() -> dropIfStillIdle(key, shared, spell));
  }

  private void dropIfStillIdle(Key key, Shared shared, long spell) {
    synchronized (lock) {
      if (shared.users > 0 || shared.idleSpells != spell) {
        return; // taken again since, or a later linger decides
      }
      clients.remove(key, shared);
    }
    // Not closed, on any Java: HttpClient.close() (Java 21+) waits for every operation of the
    // client to end, and a WebSocket whose closing handshake the server never finishes would hold
    // this thread forever. Unreachable, the client ends its selector thread by itself.
  }

  private Shared make(Key key) {
    Executor executor = userExecutor;
    if (executor == null) {
      // Like the JDK's default (a cached pool of daemons), named so, and idle threads end soon.
      executor =
          new ThreadPoolExecutor(
              0,
              Integer.MAX_VALUE,
              IDLE_SECONDS,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              task -> {
                Thread thread = new Thread(task, THREAD_PREFIX + THREAD_NUMBERS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
    }
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .executor(executor)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(key.proxy() == null ? HttpClient.Builder.NO_PROXY : key.proxy());
    if (key.sslContext() != null) {
      builder.sslContext(
          key.hostnameVerification() ? key.sslContext() : NoHostnameCheck.wrap(key.sslContext()));
    }
    return new Shared(builder.build());
  }
}
